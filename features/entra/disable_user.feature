@entra
Feature: Entra disables (soft-deletes) a user and re-enables it
  When a user is unassigned, falls out of scope, is disabled or soft-deleted in Entra, Entra PATCHes
  active to false: the string "False" with a capitalised Replace by default, the JSON false with the
  flag, and sometimes Add (docs/idp/entra.md §1.9). The disabled user must stay readable by id and by the
  match filter, with active present and false; the validator fails "Disable User" otherwise.
  Re-enabling sends the same PATCH with "True" / true (§1.10).

  Background:
    Given a user "alice" exists with:
      """
      {
        "schemas": [
          "urn:ietf:params:scim:schemas:core:2.0:User",
          "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
        "externalId": "{{run}}-0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef",
        "userName": "Test_User_{{run}}",
        "active": true,
        "emails": [{"primary": true, "type": "work", "value": "Test_User_{{run}}@testuser.com"}],
        "meta": {"resourceType": "User"},
        "name": {"formatted": "givenName familyName", "familyName": "familyName", "givenName": "givenName"},
        "roles": []
      }
      """

  @entra-default @must @documented @tolerance-op-case @tolerance-string-boolean
  Scenario: Disable with Replace and the string "False"; the user stays readable by id and by filter
    The default dialect disables with {"op":"Replace","path":"active","value":"False"}; afterwards GET /Users/{id} and the match filter must still return the user with active false (docs/idp/entra.md §1.9 [DOC S1, S2], §3 Q1 Q2 Q23 Q24).
    When Entra sends PATCH "/Users/{{alice.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{"op": "Replace", "path": "active", "value": "False"}]
      }
      """
    Then the response status is 200 or 204
    When Entra sends GET "/Users/{{alice.id}}"
    Then the response status is 200
    And the value at "/active" is false
    And the value at "/userName" is "Test_User_{{run}}"
    When Entra sends GET "/Users?filter=userName+eq+%22Test_User_{{run}}%22"
    Then the response status is 200
    And the value at "/totalResults" is 1
    And the value at "/Resources/0/id" is "{{alice.id}}"
    And the value at "/Resources/0/active" is false

  @entra-flag @must @documented
  Scenario: Disable with replace and the JSON false; the user stays readable by id and by filter
    The flag dialect disables with {"op":"replace","path":"active","value":false}; the user must still be returned by GET and by the match filter with active false (docs/idp/entra.md §1.9 [DOC S2, S1], §3 Q23 Q24).
    When Entra sends PATCH "/Users/{{alice.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{"op": "replace", "path": "active", "value": false}]
      }
      """
    Then the response status is 200 or 204
    When Entra sends GET "/Users/{{alice.id}}"
    Then the response status is 200
    And the value at "/active" is false
    When Entra sends GET "/Users?filter=externalId+eq+%22{{run}}-0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef%22"
    Then the response status is 200
    And the value at "/totalResults" is 1
    And the value at "/Resources/0/id" is "{{alice.id}}"
    And the value at "/Resources/0/active" is false

  @entra-default @must @documented @tolerance-op-case
  Scenario: Disable with the tutorial's mixed shape, Operations before schemas
    The current tutorial's "Disable User" sample mixes the dialects, "op":"Replace" with the JSON false, and lists Operations before schemas (docs/idp/entra.md §1.9 "Other shapes to tolerate" [DOC S1]).
    When Entra sends PATCH "/Users/{{alice.id}}" with:
      """
      {
        "Operations": [{"op": "Replace", "path": "active", "value": false}],
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"]
      }
      """
    Then the response status is 200 or 204
    When Entra sends GET "/Users/{{alice.id}}"
    Then the response status is 200
    And the value at "/active" is false

  @entra-default @should @observed @tolerance-op-case @tolerance-string-boolean
  Scenario: Disable with the lowercase string "false"
    The lowercase string "false" has also been seen for active and must be stored as the boolean false (docs/idp/entra.md §1.9 "Other shapes to tolerate" [FIELD scimmyjs/scimmy#86], §3 Q2).
    When Entra sends PATCH "/Users/{{alice.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{"op": "Replace", "path": "active", "value": "false"}]
      }
      """
    Then the response status is 200 or 204
    When Entra sends GET "/Users/{{alice.id}}"
    Then the response status is 200
    And the value at "/active" is false

  @entra-default @must @observed @tolerance-op-case @tolerance-string-boolean
  Scenario: Disable via "Add" on active with "False"
    Entra has been seen sending Add rather than Replace on active, which on a single-valued attribute must act as replace (docs/idp/entra.md §1.9 "Other shapes to tolerate" [FIELD rancher#54025], §1.7, §3 Q9).
    When Entra sends PATCH "/Users/{{alice.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{"op": "Add", "path": "active", "value": "False"}]
      }
      """
    Then the response status is 200 or 204
    When Entra sends GET "/Users/{{alice.id}}"
    Then the response status is 200
    And the value at "/active" is false
    When Entra sends GET "/Users?filter=userName+eq+%22Test_User_{{run}}%22"
    Then the response status is 200
    And the value at "/Resources/0/active" is false

  @entra-flag @must @observed
  Scenario: Disable via lowercase "add" on active with false
    With the flag the Add-instead-of-Replace habit arrives as {"op":"add","path":"active","value":false} (docs/idp/entra.md §1.9 [FIELD rancher#54025], §3 Q9).
    When Entra sends PATCH "/Users/{{alice.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{"op": "add", "path": "active", "value": false}]
      }
      """
    Then the response status is 200 or 204
    When Entra sends GET "/Users/{{alice.id}}"
    Then the response status is 200
    And the value at "/active" is false

  @entra-default @should @inferred @tolerance-op-case @tolerance-string-boolean
  Scenario: Re-enable a disabled user with Replace and "True"
    Re-assignment or restore sends the disable PATCH again with "True" in the default dialect, and the user's other data must be intact (docs/idp/entra.md §1.10 [INF from S2; REF S10]).
    Given a user "dora" exists with:
      """
      {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "externalId": "{{run}}-dora",
        "userName": "Test_User_{{run}}_dora",
        "active": false,
        "name": {"familyName": "familyName", "givenName": "Dora"}
      }
      """
    When Entra sends PATCH "/Users/{{dora.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{"op": "Replace", "path": "active", "value": "True"}]
      }
      """
    Then the response status is 200 or 204
    When Entra sends GET "/Users/{{dora.id}}"
    Then the response status is 200
    And the value at "/active" is true
    And the value at "/userName" is "Test_User_{{run}}_dora"
    And the value at "/name/givenName" is "Dora"

  @entra-flag @should @inferred
  Scenario: Re-enable a disabled user with replace and true
    With the flag the re-enable arrives as {"op":"replace","path":"active","value":true} (docs/idp/entra.md §1.10 [INF from S2]).
    When Entra sends PATCH "/Users/{{alice.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{"op": "replace", "path": "active", "value": false}]
      }
      """
    Then the response status is 200 or 204
    When Entra sends PATCH "/Users/{{alice.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{"op": "replace", "path": "active", "value": true}]
      }
      """
    Then the response status is 200 or 204
    When Entra sends GET "/Users/{{alice.id}}"
    Then the response status is 200
    And the value at "/active" is true
    When Entra sends GET "/Users?filter=userName+eq+%22Test_User_{{run}}%22"
    Then the response status is 200
    And the value at "/Resources/0/active" is true

  @entra-validator @must @test-suite
  Scenario: The validator's "Disable User" checks active by GET and by filter
    The validator disables with {"op":"replace","path":"active","value":false} and fails with "Response from a GET and filter request on a disabled User should have attribute active" unless both show active false (docs/idp/entra.md §4.2 U8 [VAL S12; Q&A 2238842], §1.9).
    When the SCIM Validator sends PATCH "/Users/{{alice.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{"op": "replace", "path": "active", "value": false}]
      }
      """
    Then the response status is 200 or 204
    When the SCIM Validator sends GET "/Users/{{alice.id}}"
    Then the response status is 200
    And the value at "/active" is false
    When the SCIM Validator sends GET "/Users?filter=userName+eq+\"{{alice.userName | form}}\""
    Then the response status is 200
    And the value at "/totalResults" is 1
    And the value at "/Resources/0/active" is false
