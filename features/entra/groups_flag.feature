@entra
Feature: Entra provisions groups and their members (aadOptscim062020 flag dialect)
  With aadOptscim062020 appended to the Tenant URL, Entra sends lowercase ops and removes a member
  with a value-filtered path, members[value eq "<id>"], instead of a value array (docs/idp/entra.md §0.2,
  §2.6–§2.8). Whether "$ref" is still sent with added members is unspecified.

  Background:
    Given a user "alice" exists
    And a user "bob" exists
    And a user "carol" exists

  @entra-flag @should @inferred
  Scenario: The group lifecycle in the flag dialect
    Entra's group sequence with the flag: empty match, create without members, add members with a lowercase add (body unpublished), read with excludedAttributes=members, remove one member by members[value eq "…"], rename with replace displayName (presumed), delete, then 404 (docs/idp/entra.md §2.10 "flag" row, §2.2–§2.9 [DOC S1, S2; INF §2.6, §2.8]).
    Given the value "{{run}} Engineering" saved as "name"
    When Entra sends GET "/Groups?excludedAttributes=members&filter=displayName+eq+%22{{name | form}}%22"
    Then the response status is 200
    And the value at "/totalResults" is 0
    When Entra sends POST "/Groups" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group",
                    "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group"],
        "externalId": "{{run}}-8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159",
        "displayName": "{{name | json}}",
        "meta": {"resourceType": "Group"}
      }
      """
    Then the response status is 201
    And the response is saved as "eng"
    When Entra sends PATCH "/Groups/{{eng.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{
          "op": "add",
          "path": "members",
          "value": [{"value": "{{alice.id}}"}, {"value": "{{bob.id}}"}]
        }]
      }
      """
    Then the response status is 200 or 204
    When Entra sends GET "/Groups/{{eng.id}}?excludedAttributes=members"
    Then the response status is 200
    And the value at "/members" is absent
    Then group "eng" has exactly the members "alice,bob"
    When Entra sends PATCH "/Groups/{{eng.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{"op": "remove", "path": "members[value eq \"{{bob.id}}\"]"}]
      }
      """
    Then the response status is 200 or 204
    Then group "eng" has exactly the members "alice"
    When Entra sends PATCH "/Groups/{{eng.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{"op": "replace", "path": "displayName", "value": "{{run}} Engineering updatedDisplayName"}]
      }
      """
    Then the response status is 200 or 204
    When Entra sends GET "/Groups/{{eng.id}}"
    Then the response status is 200
    And the value at "/displayName" is "{{run}} Engineering updatedDisplayName"
    When Entra sends DELETE "/Groups/{{eng.id}}"
    Then the response status is 204
    When Entra sends GET "/Groups/{{eng.id}}"
    Then the response is a SCIM Error with status 404
    When Entra sends DELETE "/Groups/{{eng.id}}"
    Then the response is a SCIM Error with status 404

  @entra-flag @should @inferred
  Scenario: Add several members with lowercase "add", without "$ref"
    With the flag member adds are expected as "op":"add"; whether "$ref" is still sent is unspecified, so this is the form without it (docs/idp/entra.md §2.6 [INF], §0.2 [DOC S2]).
    Given a group "eng" exists
    When Entra sends PATCH "/Groups/{{eng.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{
          "op": "add",
          "path": "members",
          "value": [{"value": "{{alice.id}}"}, {"value": "{{bob.id}}"}]
        }]
      }
      """
    Then the response status is 200 or 204
    Then group "eng" has exactly the members "alice,bob"
    And user "bob" belongs to exactly the groups "eng"

  @entra-flag @should @inferred
  Scenario: Add a member with lowercase "add" and "$ref": null
    If the flag dialect keeps the default dialect's "$ref": null next to a lowercase op, the member must still be added (docs/idp/entra.md §2.6 [INF], §3 Q5).
    Given a group "eng" exists with members "alice"
    When Entra sends PATCH "/Groups/{{eng.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{
          "op": "add",
          "path": "members",
          "value": [{"$ref": null, "value": "{{carol.id}}"}]
        }]
      }
      """
    Then the response status is 200 or 204
    Then group "eng" has exactly the members "alice,carol"

  @entra-flag @must @documented
  Scenario: Remove one member by members[value eq "…"], leaving the others in place
    The flag dialect removes a member with {"op":"remove","path":"members[value eq \"<id>\"]"}; only that member goes (docs/idp/entra.md §2.7 [DOC S2], §3 Q4).
    Given a group "eng" exists with members "alice,bob,carol"
    When Entra sends PATCH "/Groups/{{eng.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{"op": "remove", "path": "members[value eq \"{{bob.id}}\"]"}]
      }
      """
    Then the response status is 200 or 204
    Then group "eng" has exactly the members "alice,carol"
    And user "bob" belongs to exactly the groups ""
    And user "carol" belongs to exactly the groups "eng"

  @entra-flag @should @inferred
  Scenario: Rename a group with lowercase replace on displayName
    With the flag a rename is expected as a lowercase replace on path displayName (docs/idp/entra.md §2.8 [DOC S1; INF], §2.10 "flag" row).
    Given a group "eng" exists with members "alice"
    When Entra sends PATCH "/Groups/{{eng.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{"op": "replace", "path": "displayName", "value": "{{run}} Engineering renamed"}]
      }
      """
    Then the response status is 200 or 204
    When Entra sends GET "/Groups/{{eng.id}}"
    Then the response status is 200
    And the value at "/displayName" is "{{run}} Engineering renamed"
    Then group "eng" has exactly the members "alice"
