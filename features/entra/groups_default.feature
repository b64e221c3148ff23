@entra
Feature: Entra provisions groups and their members (default dialect)
  With the Groups mapping on, Entra matches each group by displayName with members excluded, creates
  it without members (with Microsoft's extra schema URI), then writes memberships as PATCHes on
  members using the server ids it recorded for the users (docs/idp/entra.md §2.1–§2.9). The default dialect
  capitalises ops, sends "$ref": null with each member, and removes members by listing them in a
  value array, which must remove only those. Group PATCH is documented as 204; 200 is accepted.

  Background:
    Given a user "alice" exists
    And a user "bob" exists
    And a user "carol" exists

  @entra-default @must @documented @tolerance-op-case @tolerance-members-remove-value
  Scenario: The group lifecycle in the default dialect
    Entra's group sequence: empty match, create without members, Add members with "$ref": null, read with excludedAttributes=members, Remove one member by value array, rename with Replace displayName, delete, then 404 (docs/idp/entra.md §2.10 "default" row, §2.2–§2.9 [DOC S1, S2]).
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
          "op": "Add",
          "path": "members",
          "value": [{"$ref": null, "value": "{{alice.id}}"}, {"$ref": null, "value": "{{bob.id}}"}]
        }]
      }
      """
    Then the response status is 200 or 204
    When Entra sends GET "/Groups/{{eng.id}}?excludedAttributes=members"
    Then the response status is 200
    And the value at "/displayName" is "{{name}}"
    And the value at "/members" is absent
    Then group "eng" has exactly the members "alice,bob"
    When Entra sends PATCH "/Groups/{{eng.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{
          "op": "Remove",
          "path": "members",
          "value": [{"$ref": null, "value": "{{bob.id}}"}]
        }]
      }
      """
    Then the response status is 200 or 204
    Then group "eng" has exactly the members "alice"
    When Entra sends PATCH "/Groups/{{eng.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{"op": "Replace", "path": "displayName", "value": "{{run}} Engineering updatedDisplayName"}]
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

  @entra-default @must @documented
  Scenario: A group that does not exist yet gets 200 with an empty list
    Entra matches a group with GET /Groups?excludedAttributes=members&filter=displayName eq "…" and creates it on zero results, which must be 200 with an empty ListResponse, never 404 (docs/idp/entra.md §2.2 [DOC S1], §3 Q18).
    When Entra sends GET "/Groups?excludedAttributes=members&filter=displayName+eq+%22{{run}}+No+Such+Group%22"
    Then the response status is 200
    And the response is a ListResponse of Groups
    And the value at "/totalResults" is 0
    And the value at "/Resources/0" is absent

  @entra-default @must @documented
  Scenario: Create a group without members, with Microsoft's extra schema URI, and match it
    Entra creates groups with no members key, a read-only meta and the schema URI http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group that has no attribute block; 201 with the id is required, and the match query then finds it without members (docs/idp/entra.md §2.3 [DOC S1], §2.2, §3 Q14 Q15 Q17).
    Given the value "{{run}} displayName" saved as "name"
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
    And the response is a valid Group
    And the value at "/id" is not empty
    And the value at "/schemas" contains "urn:ietf:params:scim:schemas:core:2.0:Group"
    And the value at "/displayName" is "{{name}}"
    And the value at "/externalId" is "{{run}}-8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159"
    And the value at "/meta/resourceType" is "Group"
    And the response is saved as "grp"
    When Entra sends GET "/Groups?excludedAttributes=members&filter=displayName+eq+%22{{name | form}}%22"
    Then the response status is 200
    And the response is a ListResponse of Groups
    And the value at "/totalResults" is 1
    And the value at "/Resources/0/id" is "{{grp.id}}"
    And the value at "/Resources/0/displayName" is "{{name}}"
    And the value at "/Resources/0/externalId" is "{{run}}-8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159"
    And the value at "/Resources/0/members" is absent

  @entra-default @must @documented
  Scenario: The match and read queries leave out members even when the group has some
    Entra sends excludedAttributes=members on every group GET, by filter and by id, and the members key must then be omitted entirely (docs/idp/entra.md §2.2, §2.4 [DOC S1], §3 Q17).
    Given a group "eng" exists with members "alice,bob"
    When Entra sends GET "/Groups?excludedAttributes=members&filter=displayName+eq+%22{{eng.displayName | form}}%22"
    Then the response status is 200
    And the value at "/totalResults" is 1
    And the value at "/Resources/0/id" is "{{eng.id}}"
    And the value at "/Resources/0/displayName" is "{{eng.displayName}}"
    And the value at "/Resources/0/members" is absent
    When Entra sends GET "/Groups/{{eng.id}}?excludedAttributes=members"
    Then the response status is 200
    And the value at "/id" is "{{eng.id}}"
    And the value at "/displayName" is "{{eng.displayName}}"
    And the value at "/members" is absent
    Then group "eng" has exactly the members "alice,bob"

  @entra-default @should @observed
  Scenario: Match a group by externalId
    Some tenants match groups on externalId (the Entra objectId) with GET /Groups?excludedAttributes=members&filter=externalId eq "<objectId>" (docs/idp/entra.md §2.2 [FIELD rancher#54869; VAL S12]).
    When Entra sends POST "/Groups" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group",
                    "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group"],
        "externalId": "{{run}}-0db508eb-91e2-46e4-809c-30dcbda0c685",
        "displayName": "{{run}} Sales",
        "meta": {"resourceType": "Group"}
      }
      """
    Then the response status is 201
    And the response is saved as "sales"
    When Entra sends GET "/Groups?excludedAttributes=members&filter=externalId+eq+%22{{run}}-0db508eb-91e2-46e4-809c-30dcbda0c685%22"
    Then the response status is 200
    And the value at "/totalResults" is 1
    And the value at "/Resources/0/id" is "{{sales.id}}"
    And the value at "/Resources/0/members" is absent

  @entra-default @must @documented @tolerance-op-case
  Scenario: Add several members in one PATCH, each with "$ref": null
    Entra adds members with a capitalised Add on path members whose value objects carry a literal "$ref": null, several per request; the user's groups attribute reflects it (docs/idp/entra.md §2.6 [DOC S1; REF S11], §3 Q5).
    Given a group "eng" exists
    When Entra sends PATCH "/Groups/{{eng.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{
          "op": "Add",
          "path": "members",
          "value": [
            {"$ref": null, "value": "{{alice.id}}"},
            {"$ref": null, "value": "{{bob.id}}"},
            {"$ref": null, "value": "{{carol.id}}"}
          ]
        }]
      }
      """
    Then the response status is 200 or 204
    Then group "eng" has exactly the members "alice,bob,carol"
    And user "alice" belongs to exactly the groups "eng"
    And user "carol" belongs to exactly the groups "eng"

  @entra-default @must @documented @tolerance-op-case
  Scenario: Adding a member that is already in the group changes nothing
    Entra may re-send an Add for an existing member, which must be idempotent and must not duplicate it (docs/idp/entra.md §2.6 [REF AzureAD/SCIMReferenceCode#10]).
    Given a group "eng" exists with members "alice"
    When Entra sends PATCH "/Groups/{{eng.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{
          "op": "Add",
          "path": "members",
          "value": [{"$ref": null, "value": "{{alice.id}}"}]
        }]
      }
      """
    Then the response status is 200 or 204
    When Entra sends GET "/Groups/{{eng.id}}"
    Then the response status is 200
    And the value at "/members" has 1 item
    Then group "eng" has exactly the members "alice"

  @entra-default @must @documented @tolerance-op-case @tolerance-members-remove-value
  Scenario: Remove one member by value array, leaving the others in place
    The default dialect removes members with {"op":"Remove","path":"members","value":[{"$ref":null,"value":"<id>"}]}, which must remove only the listed member, never wipe the group (docs/idp/entra.md §2.7 [DOC S1, S2], §3 Q4).
    Given a group "eng" exists with members "alice,bob,carol"
    When Entra sends PATCH "/Groups/{{eng.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{
          "op": "Remove",
          "path": "members",
          "value": [{"$ref": null, "value": "{{bob.id}}"}]
        }]
      }
      """
    Then the response status is 200 or 204
    Then group "eng" has exactly the members "alice,carol"
    And user "bob" belongs to exactly the groups ""
    And user "alice" belongs to exactly the groups "eng"

  @entra-default @must @documented @tolerance-op-case @tolerance-members-remove-value
  Scenario: Remove a member by value array without "$ref"
    S2's variant of the default-dialect removal has no "$ref": "value":[{"value":"<id>"}]; only that member goes (docs/idp/entra.md §2.7 [DOC S2], §3 Q4).
    Given a group "eng" exists with members "alice,bob"
    When Entra sends PATCH "/Groups/{{eng.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{"op": "Remove", "path": "members", "value": [{"value": "{{alice.id}}"}]}]
      }
      """
    Then the response status is 200 or 204
    Then group "eng" has exactly the members "bob"

  @entra-default @should @observed @tolerance-op-case @tolerance-members-remove-value
  Scenario: Several values in one Remove act as a list of members to remove
    Several values in one default-dialect Remove remove each listed member and keep the rest (docs/idp/entra.md §2.7 [FIELD SCIM-SDK wiki "Support for MS Azure requests"], §3 Q4).
    Given a group "eng" exists with members "alice,bob,carol"
    When Entra sends PATCH "/Groups/{{eng.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{
          "op": "Remove",
          "path": "members",
          "value": [{"$ref": null, "value": "{{alice.id}}"}, {"$ref": null, "value": "{{carol.id}}"}]
        }]
      }
      """
    Then the response status is 200 or 204
    Then group "eng" has exactly the members "bob"

  @entra-default @must @documented @tolerance-op-case
  Scenario: Rename a group with Replace on displayName, members untouched
    A rename in Entra arrives as a capitalised Replace on displayName against the cached id; the members stay and the match query finds the group by its new name (docs/idp/entra.md §2.8 [DOC S1], §2.2).
    Given a group "eng" exists with members "alice"
    When Entra sends PATCH "/Groups/{{eng.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{"op": "Replace", "path": "displayName", "value": "{{run}}-1879db59-3bdf-4490-ad68-ab880a269474updatedDisplayName"}]
      }
      """
    Then the response status is 200 or 204
    When Entra sends GET "/Groups?excludedAttributes=members&filter=displayName+eq+%22{{run}}-1879db59-3bdf-4490-ad68-ab880a269474updatedDisplayName%22"
    Then the response status is 200
    And the value at "/totalResults" is 1
    And the value at "/Resources/0/id" is "{{eng.id}}"
    When Entra sends GET "/Groups?excludedAttributes=members&filter=displayName+eq+%22{{eng.displayName | form}}%22"
    Then the response status is 200
    And the value at "/totalResults" is 0
    Then group "eng" has exactly the members "alice"

  @entra-default @must @documented
  Scenario: Delete a group: 204, then 404, and its member users remain
    Entra deletes a group that was deleted or unassigned with DELETE /Groups/{id}: 204, then GET and a second DELETE are 404; member users are not deleted (docs/idp/entra.md §2.9 [DOC S1; VAL S12; FIELD azure-docs#63942]).
    Given a group "eng" exists with members "alice"
    When Entra sends DELETE "/Groups/{{eng.id}}"
    Then the response status is 204
    And the response has no body
    When Entra sends GET "/Groups/{{eng.id}}"
    Then the response is a SCIM Error with status 404
    When Entra sends DELETE "/Groups/{{eng.id}}"
    Then the response is a SCIM Error with status 404
    When Entra sends GET "/Users/{{alice.id}}"
    Then the response status is 200
    And the value at "/id" is "{{alice.id}}"

  @entra-default @should @observed
  Scenario: The membership probe filters on id and members and returns only ids
    Azure is listed as calling GET /Groups?filter=id eq "<groupId>" and members eq "<userId>"&attributes=id to check membership, answered with 0 or 1 resource carrying only id (docs/idp/entra.md §2.5 [DOC S1; FIELD S32]).
    Given a group "eng" exists with members "alice"
    When Entra sends GET "/Groups?filter=id+eq+%22{{eng.id | form}}%22+and+members+eq+%22{{alice.id | form}}%22&attributes=id"
    Then the response status is 200
    And the value at "/totalResults" is 1
    And the value at "/Resources/0/id" is "{{eng.id}}"
    And the value at "/Resources/0/displayName" is absent
    And the value at "/Resources/0/members" is absent
    When Entra sends GET "/Groups?filter=id+eq+%22{{eng.id | form}}%22+and+members+eq+%22{{bob.id | form}}%22&attributes=id"
    Then the response status is 200
    And the value at "/totalResults" is 0

  @entra-default @should @observed @tolerance-op-case
  Scenario: A nested group is added as one member and its members are not flattened
    Entra adds a nested group to its parent as a single member value, the child group's id, without flattening the child's members into the parent (docs/idp/entra.md §2.1 step 4 [FIELD Azure/AzureAD-BYOA-Provisioning-Samples#26; DOC S4, S5]).
    Given a group "child" exists with members "bob"
    And a group "parent" exists with members "alice"
    When Entra sends PATCH "/Groups/{{parent.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{
          "op": "Add",
          "path": "members",
          "value": [{"$ref": null, "value": "{{child.id}}"}]
        }]
      }
      """
    Then the response status is 200 or 204
    Then group "parent" has exactly the members "alice,child"
    And group "child" has exactly the members "bob"
