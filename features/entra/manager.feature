@entra
Feature: Entra links, changes and clears a user's manager
  Entra creates the user first and writes the manager with a separate PATCH on
  urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager whose value is the manager's
  server id as a bare string, not the RFC complex type (docs/idp/entra.md §1.5). GET must return it as
  {"value": "<id>"}: a bare string echoed back makes Entra fail to deserialize the user, and a wrong
  read-back makes it re-PATCH the manager every cycle. Clearing uses several shapes.

  Background:
    Given a user "boss" exists
    And a user "newboss" exists
    And a user "alice" exists

  @entra-flag @must @observed @tolerance-manager-string
  Scenario: Set the manager as a bare id after the create; it reads back as {"value": id}
    Live Entra traffic sets the manager with op "add", path urn:…:enterprise:2.0:User:manager and the manager's id as a bare string, and GET must return manager as {"value": id} (docs/idp/entra.md §1.5 "Set — current live shape" and "Read-back" [FIELD SCIM-SDK#686, Q&A 188003, Budibase#15369], §3 Q10).
    When Entra sends PATCH "/Users/{{alice.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{
          "op": "add",
          "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager",
          "value": "{{boss.id}}"
        }]
      }
      """
    Then the response status is 200 or 204
    When Entra sends GET "/Users/{{alice.id}}"
    Then the response status is 200
    And the value at "/urn:ietf:params:scim:schemas:extension:enterprise:2.0:User/manager/value" is "{{boss.id}}"
    And the value at "/schemas" contains "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
    When Entra sends GET "/Users?filter=userName+eq+%22{{alice.userName | form}}%22"
    Then the response status is 200
    And the value at "/Resources/0/urn:ietf:params:scim:schemas:extension:enterprise:2.0:User/manager/value" is "{{boss.id}}"

  @entra-default @must @observed @tolerance-op-case @tolerance-manager-string
  Scenario: Set the manager with the default dialect's capitalised "Add"
    In the default dialect the same manager PATCH arrives with "op":"Add" and a bare id (docs/idp/entra.md §1.5 "The op is capitalised" [FIELD], §3 Q1 Q10).
    When Entra sends PATCH "/Users/{{alice.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{
          "op": "Add",
          "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager",
          "value": "{{boss.id}}"
        }]
      }
      """
    Then the response status is 200 or 204
    When Entra sends GET "/Users/{{alice.id}}"
    Then the response status is 200
    And the value at "/urn:ietf:params:scim:schemas:extension:enterprise:2.0:User/manager/value" is "{{boss.id}}"

  @entra-default @must @observed @tolerance-op-case @tolerance-manager-string
  Scenario: Change the manager with "Replace" and the new bare id
    On a manager change in Entra the same path arrives with Replace and the new manager's id; the old one must be gone (docs/idp/entra.md §1.5 "Change" [VAL S12; FIELD], §3 Q10).
    When Entra sends PATCH "/Users/{{alice.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{
          "op": "Add",
          "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager",
          "value": "{{boss.id}}"
        }]
      }
      """
    Then the response status is 200 or 204
    When Entra sends PATCH "/Users/{{alice.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{
          "op": "Replace",
          "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager",
          "value": "{{newboss.id}}"
        }]
      }
      """
    Then the response status is 200 or 204
    When Entra sends GET "/Users/{{alice.id}}"
    Then the response status is 200
    And the value at "/urn:ietf:params:scim:schemas:extension:enterprise:2.0:User/manager/value" is "{{newboss.id}}"

  @entra-flag @must @observed @tolerance-manager-string
  Scenario: Change the manager with lowercase "replace" and the new bare id
    With the flag the manager change arrives as op "replace" with the new manager's bare id (docs/idp/entra.md §1.5 "Change" [VAL S12; FIELD], §3 Q10).
    When Entra sends PATCH "/Users/{{alice.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{
          "op": "add",
          "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager",
          "value": "{{boss.id}}"
        }]
      }
      """
    Then the response status is 200 or 204
    When Entra sends PATCH "/Users/{{alice.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{
          "op": "replace",
          "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager",
          "value": "{{newboss.id}}"
        }]
      }
      """
    Then the response status is 200 or 204
    When Entra sends GET "/Users/{{alice.id}}"
    Then the response status is 200
    And the value at "/urn:ietf:params:scim:schemas:extension:enterprise:2.0:User/manager/value" is "{{newboss.id}}"

  @entra-default @must @observed @tolerance-manager-string
  Scenario: A manager in the create body arrives as a bare id and reads back as {"value": id}
    If the manager is already known at create time, the POST carries "urn:…:enterprise:2.0:User": {"manager": "<mgrId>"}, and the server must return it as {"value": id} (docs/idp/entra.md §1.5 "Set — current live shape" [FIELD], §3 Q10).
    When Entra sends POST "/Users" with:
      """
      {
        "schemas": [
          "urn:ietf:params:scim:schemas:core:2.0:User",
          "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
        "externalId": "{{run}}-carol",
        "userName": "Test_User_{{run}}_carol",
        "active": true,
        "meta": {"resourceType": "User"},
        "name": {"familyName": "familyName", "givenName": "Carol"},
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"manager": "{{boss.id}}"},
        "roles": []
      }
      """
    Then the response status is 201
    And the value at "/urn:ietf:params:scim:schemas:extension:enterprise:2.0:User/manager/value" is "{{boss.id}}"
    And the response is saved as "carol"
    When Entra sends GET "/Users/{{carol.id}}"
    Then the response status is 200
    And the value at "/urn:ietf:params:scim:schemas:extension:enterprise:2.0:User/manager/value" is "{{boss.id}}"

  @entra-default @should @documented @tolerance-op-case @tolerance-manager-string
  Scenario: The legacy documented manager PATCH with path "manager" and a value array
    Microsoft's legacy "Example 5" sets the manager with "op":"Add", the unqualified path "manager" and a one-element array holding "$ref" and "value" (docs/idp/entra.md §1.5 "Set — legacy documented shape" [DOC S1]).
    When Entra sends PATCH "/Users/{{alice.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{
          "op": "Add",
          "path": "manager",
          "value": [{"$ref": "http://.../scim/Users/{{boss.id}}",
                     "value": "{{boss.id}}"}]
        }]
      }
      """
    Then the response status is 200 or 204
    When Entra sends GET "/Users/{{alice.id}}"
    Then the response status is 200
    And the value at "/urn:ietf:params:scim:schemas:extension:enterprise:2.0:User/manager/value" is "{{boss.id}}"

  @entra-flag @should @observed
  Scenario: Clear the manager with remove and a value filter on manager
    One shape seen for clearing the manager is {"op":"remove","path":"manager[value eq \"<mgrId>\"]"}; afterwards the user has no manager, the manager being set beforehand in the RFC shape so that only the removal is under test (docs/idp/entra.md §1.5 "Remove" [FIELD scim-patch#453], §3 Q11).
    When Entra sends PATCH "/Users/{{alice.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{
          "op": "add",
          "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager",
          "value": {"value": "{{boss.id}}"}
        }]
      }
      """
    Then the response status is 200 or 204
    When Entra sends PATCH "/Users/{{alice.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{"op": "remove", "path": "manager[value eq \"{{boss.id}}\"]"}]
      }
      """
    Then the response status is 200 or 204
    When Entra sends GET "/Users/{{alice.id}}"
    Then the response status is 200
    And the value at "/urn:ietf:params:scim:schemas:extension:enterprise:2.0:User/manager" is absent
    And the value at "/userName" is "{{alice.userName}}"

  @entra-validator @must @test-suite
  Scenario: The validator adds the manager as {"value": id}
    Older runs of the validator's "Patch User – Add Manager" send op "add" on urn:…:enterprise:2.0:User:manager with the complex value {"value": id} and check manager.value (docs/idp/entra.md §4.2 U10 [VAL S12]).
    When the SCIM Validator sends PATCH "/Users/{{alice.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{
          "op": "add",
          "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager",
          "value": {"value": "{{boss.id}}"}
        }]
      }
      """
    Then the response status is 200 or 204
    When the SCIM Validator sends GET "/Users/{{alice.id}}"
    Then the response status is 200
    And the value at "/urn:ietf:params:scim:schemas:extension:enterprise:2.0:User/manager/value" is "{{boss.id}}"

  @entra-validator @must @test-suite @tolerance-manager-string
  Scenario: The validator clears the manager with replace and {"value": ""}
    The validator's "Patch User – Remove Manager" replaces the manager with {"value":""} and expects the manager gone; an empty string left behind is a false pass (docs/idp/entra.md §1.5 "Remove" [VAL S12], §4.2 U12, §3 Q11).
    When the SCIM Validator sends PATCH "/Users/{{alice.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{
          "op": "add",
          "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager",
          "value": {"value": "{{boss.id}}"}
        }]
      }
      """
    Then the response status is 200 or 204
    When the SCIM Validator sends PATCH "/Users/{{alice.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{
          "op": "replace",
          "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager",
          "value": {"value": ""}
        }]
      }
      """
    Then the response status is 200 or 204
    When the SCIM Validator sends GET "/Users/{{alice.id}}"
    Then the response status is 200
    And the value at "/urn:ietf:params:scim:schemas:extension:enterprise:2.0:User/manager" is absent

  @entra-validator @must @test-suite @tolerance-manager-string
  Scenario: The validator clears the manager with replace and ""
    Later validator runs clear the manager with the bare empty string "" as value; the manager must be gone, not left as an empty value (docs/idp/entra.md §1.5 "Remove" [VAL S12], §4.2 U12, §3 Q11).
    When the SCIM Validator sends PATCH "/Users/{{alice.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{
          "op": "add",
          "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager",
          "value": {"value": "{{boss.id}}"}
        }]
      }
      """
    Then the response status is 200 or 204
    When the SCIM Validator sends PATCH "/Users/{{alice.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{
          "op": "replace",
          "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager",
          "value": ""
        }]
      }
      """
    Then the response status is 200 or 204
    When the SCIM Validator sends GET "/Users/{{alice.id}}"
    Then the response status is 200
    And the value at "/urn:ietf:params:scim:schemas:extension:enterprise:2.0:User/manager" is absent

  @entra-default @may @documented
  Scenario: The legacy manager probe filters on id and manager and returns only ids
    The 2017–2018 docs describe GET /Users?filter=id eq "<userId>" and manager eq "<mgrId>"&attributes=id to test whether a reference is set, answered with 0 or 1 resource carrying only id (docs/idp/entra.md §1.5 "Legacy existence probe" [DOC S1 "Example 4"]).
    When Entra sends PATCH "/Users/{{alice.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{
          "op": "add",
          "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager",
          "value": {"value": "{{boss.id}}"}
        }]
      }
      """
    Then the response status is 200 or 204
    When Entra sends GET "/Users?filter=id+eq+%22{{alice.id | form}}%22+and+manager+eq+%22{{boss.id | form}}%22&attributes=id"
    Then the response status is 200
    And the value at "/totalResults" is 1
    And the value at "/Resources/0/id" is "{{alice.id}}"
    And the value at "/Resources/0/userName" is absent
    When Entra sends GET "/Users?filter=id+eq+%22{{alice.id | form}}%22+and+manager+eq+%22{{newboss.id | form}}%22&attributes=id"
    Then the response status is 200
    And the value at "/totalResults" is 0
