@entra
Feature: The Microsoft SCIM Validator's group tests
  With "Enable Group Tests" ticked the SCIM Validator creates, filters, patches and deletes groups
  with shapes close to the flag dialect plus its own: path-less replaces of displayName and
  externalId, and replace on members with a value array (docs/idp/entra.md §4.2 G1–G12, §4.3 previews,
  §2.10 "validator" row). Group filters arrive with unencoded quotes.

  Background:
    Given a user "alice" exists
    And a user "bob" exists

  @entra-validator @must @test-suite
  Scenario: The group lifecycle as the validator drives it
    The validator's sequence: create, add members by replace on members, remove one by members[value eq "…"], rename with a path-less replace of displayName, delete, then 404 (docs/idp/entra.md §2.10 "validator" row, §4.2 G1 G9 G10 G11 G12 [VAL S12]).
    When the SCIM Validator sends POST "/Groups" with:
      """
      {"displayName": "{{run}} MSADPJJZWBUS", "externalId": "{{run}}-c3b97a69-ee33-427b-8bc1-d661b7769314", "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"]}
      """
    Then the response status is 201
    And the response is saved as "grp"
    When the SCIM Validator sends PATCH "/Groups/{{grp.id}}" with:
      """
      {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
       "Operations": [{"op": "replace", "path": "members", "value": [{"value": "{{alice.id}}"}, {"value": "{{bob.id}}"}]}]}
      """
    Then the response status is 200 or 204
    Then group "grp" has exactly the members "alice,bob"
    When the SCIM Validator sends PATCH "/Groups/{{grp.id}}" with:
      """
      {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
       "Operations": [{"op": "remove", "path": "members[value eq \"{{alice.id}}\"]"}]}
      """
    Then the response status is 200 or 204
    Then group "grp" has exactly the members "bob"
    When the SCIM Validator sends PATCH "/Groups/{{grp.id}}" with:
      """
      {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
       "Operations": [{"op": "replace", "value": {"displayName": "{{run}} RENAMEDGROUP"}}]}
      """
    Then the response status is 200 or 204
    When the SCIM Validator sends GET "/Groups/{{grp.id}}"
    Then the response status is 200
    And the value at "/displayName" is "{{run}} RENAMEDGROUP"
    When the SCIM Validator sends DELETE "/Groups/{{grp.id}}"
    Then the response status is 204
    When the SCIM Validator sends GET "/Groups/{{grp.id}}"
    Then the response is a SCIM Error with status 404

  @entra-validator @must @test-suite
  Scenario: Create a new group (G1)
    The validator's "Create a new Group" posts displayName, externalId and the core Group schema and requires 201 (docs/idp/entra.md §4.2 G1 [VAL S12]).
    When the SCIM Validator sends POST "/Groups" with:
      """
      {"displayName": "{{run}} MSADPJJZWBUS", "externalId": "{{run}}-c3b97a69-ee33-427b-8bc1-d661b7769314", "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"]}
      """
    Then the response status is 201
    And the response is a valid Group
    And the value at "/displayName" is "{{run}} MSADPJJZWBUS"
    And the value at "/externalId" is "{{run}}-c3b97a69-ee33-427b-8bc1-d661b7769314"

  @entra-validator @should @test-suite
  Scenario: Create a duplicate group gets 409 (G2)
    The validator's "Create a duplicate Group" posts the same displayName again and expects 409, since Microsoft requires displayName to be unique (docs/idp/entra.md §4.2 G2, §2.3 [VAL S12; DOC S1 §2.2]).
    Given a group "eng" exists
    When the SCIM Validator sends POST "/Groups" with:
      """
      {"displayName": "{{eng.displayName | json}}", "externalId": "{{run}}-dup", "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"]}
      """
    Then the response is a SCIM Error with status 409

  @entra-validator @must @test-suite
  Scenario: Filter groups excluding members, in the original and in another case (G3 G4 G5 G6 G7)
    The validator gets a group by id and by displayName filter with excludedAttributes=members (no members key), without it (1 result), for an unknown name (0 results) and with the name's case changed (1 result) (docs/idp/entra.md §4.2 G3–G7 [VAL S12], §2.2, §3 Q17 Q19).
    Given a group "eng" exists with members "alice"
    When the SCIM Validator sends GET "/Groups/{{eng.id}}?excludedAttributes=members"
    Then the response status is 200
    And the value at "/id" is "{{eng.id}}"
    And the value at "/members" is absent
    When the SCIM Validator sends GET "/Groups?excludedAttributes=members&filter=displayName+eq+\"{{eng.displayName | form}}\""
    Then the response status is 200
    And the response is a ListResponse of Groups
    And the value at "/totalResults" is 1
    And the value at "/Resources/0/id" is "{{eng.id}}"
    And the value at "/Resources/0/members" is absent
    When the SCIM Validator sends GET "/Groups?filter=displayName+eq+\"{{eng.displayName | form}}\""
    Then the response status is 200
    And the value at "/totalResults" is 1
    And the value at "/Resources/0/id" is "{{eng.id}}"
    When the SCIM Validator sends GET "/Groups?filter=displayName+eq+\"{{run}}+NOSUCHGROUP\""
    Then the response status is 200
    And the value at "/totalResults" is 0
    When the SCIM Validator sends GET "/Groups?excludedAttributes=members&filter=displayName+eq+\"{{eng.displayName | upper | form}}\""
    Then the response status is 200
    And the value at "/totalResults" is 1
    And the value at "/Resources/0/id" is "{{eng.id}}"

  @entra-validator @must @test-suite
  Scenario: Path-less replace of externalId and displayName (G8 G9)
    The validator's "Patch Group – Replace Attributes" and "Update Group displayName" send path-less replaces {"op":"replace","value":{"externalId":…}} and {"op":"replace","value":{"displayName":…}} (docs/idp/entra.md §4.2 G8 G9 [VAL S12], §2.8).
    Given a group "eng" exists with members "alice"
    When the SCIM Validator sends PATCH "/Groups/{{eng.id}}" with:
      """
      {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
       "Operations": [{"op": "replace", "value": {"externalId": "{{run}}-c3b97a69-ee33-427b-8bc1-d661b7769314"}}]}
      """
    Then the response status is 200 or 204
    When the SCIM Validator sends PATCH "/Groups/{{eng.id}}" with:
      """
      {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
       "Operations": [{"op": "replace", "value": {"displayName": "{{run}} MSADPJJZWBUS"}}]}
      """
    Then the response status is 200 or 204
    When the SCIM Validator sends GET "/Groups/{{eng.id}}"
    Then the response status is 200
    And the value at "/externalId" is "{{run}}-c3b97a69-ee33-427b-8bc1-d661b7769314"
    And the value at "/displayName" is "{{run}} MSADPJJZWBUS"
    Then group "eng" has exactly the members "alice"

  @entra-validator @must @test-suite
  Scenario: Add a member by replace on members (G10)
    The validator's "Patch Group – Add Member" was observed as a replace of members with a value array holding a freshly created user (docs/idp/entra.md §4.2 G10 [VAL S12]).
    Given a group "eng" exists
    When the SCIM Validator sends PATCH "/Groups/{{eng.id}}" with:
      """
      {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
       "Operations": [{"op": "replace", "path": "members", "value": [{"value": "{{alice.id}}"}]}]}
      """
    Then the response status is 200 or 204
    Then group "eng" has exactly the members "alice"
    And user "alice" belongs to exactly the groups "eng"

  @entra-validator @may @test-suite
  Scenario: Add and remove the same member in one PATCH (preview)
    The validator's preview test "Patch Group – Multiple Ops on same attribute" adds member X then removes members[value eq "X"] in one PATCH and expects X absent (docs/idp/entra.md §4.3 [VAL S12]).
    Given a group "eng" exists with members "alice"
    When the SCIM Validator sends PATCH "/Groups/{{eng.id}}" with:
      """
      {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
       "Operations": [
         {"op": "add", "path": "members", "value": [{"value": "{{bob.id}}"}]},
         {"op": "remove", "path": "members[value eq \"{{bob.id}}\"]"}]}
      """
    Then the response status is 200 or 204
    Then group "eng" has exactly the members "alice"

  @entra-validator @should @test-suite
  Scenario: Delete a group that does not exist gets 404 (preview)
    The validator's preview test "Delete a non-existent Group" expects 404 (docs/idp/entra.md §4.3 [VAL S12]).
    Given a new GUID saved as "unknown"
    When the SCIM Validator sends DELETE "/Groups/{{unknown}}"
    Then the response is a SCIM Error with status 404
