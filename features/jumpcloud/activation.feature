@jumpcloud
Feature: JumpCloud's activation test creates and deletes a test user and a test group
  When the admin activates the Identity Management connector, JumpCloud creates a test user (from the
  Test User Email) and a test group, then deletes both; if the user DELETE is refused it deactivates
  the test user instead (docs/idp/jumpcloud.md §1.1, §3 Q3). The order and exact bodies are not
  published: only the outcome is asserted.

  @jumpcloud-activation @must @documented
  Scenario: Activation creates a test user and a test group, deletes both and leaves nothing behind
    JumpCloud's documented activation creates a test user and a test group and deletes both when the service provider supports DELETE; each call succeeds and neither resource remains (docs/idp/jumpcloud.md §1.1 [D], §3 Q3).
    When JumpCloud sends POST "/Users" with:
      """
      {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"{{run}}.jc-test@example.com","name":{"givenName":"JumpCloud","familyName":"Test"},"emails":[{"value":"{{run}}.jc-test@example.com","type":"work","primary":true}],"active":true}
      """
    Then the response status is 201
    And the response is saved as "testuser"
    When JumpCloud sends POST "/Groups" with:
      """
      {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"JumpCloud Test Group {{run}}"}
      """
    Then the response status is 201
    And the response is saved as "testgroup"
    When JumpCloud sends DELETE "/Groups/{{testgroup.id}}"
    Then the response status is 204
    When JumpCloud sends DELETE "/Users/{{testuser.id}}"
    Then the response status is 204
    When JumpCloud sends GET "/Users/{{testuser.id}}"
    Then the response is a SCIM Error with status 404
    When JumpCloud sends GET "/Groups/{{testgroup.id}}"
    Then the response is a SCIM Error with status 404
    When JumpCloud sends GET "/Users?filter=userName%20eq%20%22{{run}}.jc-test%40example.com%22"
    Then the value at "/totalResults" is 0

  @jumpcloud-activation @should @inferred
  Scenario: The validation GET that may open the activation gets a ListResponse, empty allowed
    Setup helpers claim JumpCloud validates with GET /Users (and /Groups) before the test objects; a ListResponse, possibly empty, is the answer (docs/idp/jumpcloud.md §1.1 step 1 [I]).
    When JumpCloud sends GET "/Users"
    Then the response status is 200
    And the response is a ListResponse of Users
    When JumpCloud sends GET "/Groups"
    Then the response status is 200
    And the response is a ListResponse of Groups

  @jumpcloud-activation @should @inferred
  Scenario: Where the test user is deactivated instead of deleted, it stays readable with active false
    If DELETE of the test user fails, JumpCloud deactivates it; the fixture's shape is a replace of active with the boolean false (docs/idp/jumpcloud.md §1.1 step 5 [D], §1.5 [O-weak]).
    Given a user "testuser" exists
    When JumpCloud sends PATCH "/Users/{{testuser.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"active","value":false}]}
      """
    Then the response status is 200 or 204
    When JumpCloud sends GET "/Users/{{testuser.id}}"
    Then the response status is 200
    And the value at "/active" is false
