@entra
Feature: Entra hard-deletes a user
  A hard delete in Entra (30 days after a soft delete, a purge, or any deprovisioning when the app
  has no active mapping) sends DELETE /Users/{id} without a body (docs/idp/entra.md §1.11). The server
  answers 204; afterwards the user is gone: GET and a second DELETE get 404.

  @entra-default @must @documented
  Scenario: Delete a user: 204, then GET 404 and a second DELETE 404
    Entra sends DELETE /Users/{id} and needs 204 No Content; the validator then expects GET → 404 and a repeated DELETE → 404 (docs/idp/entra.md §1.11 [DOC S1, S4; VAL S12], §4.3).
    Given a user "alice" exists with:
      """
      {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "externalId": "{{run}}-alice",
        "userName": "Test_User_{{run}}_alice",
        "active": true,
        "name": {"familyName": "familyName", "givenName": "Alice"}
      }
      """
    When Entra sends DELETE "/Users/{{alice.id}}"
    Then the response status is 204
    And the response has no body
    When Entra sends GET "/Users/{{alice.id}}"
    Then the response is a SCIM Error with status 404
    When Entra sends GET "/Users?filter=userName+eq+%22Test_User_{{run}}_alice%22"
    Then the response status is 200
    And the value at "/totalResults" is 0
    When Entra sends DELETE "/Users/{{alice.id}}"
    Then the response is a SCIM Error with status 404

  @entra-default @must @documented
  Scenario: A disabled user can still be hard-deleted
    A user soft-deleted in Entra is first disabled (active false) and hard-deleted 30 days later with DELETE /Users/{id} on the same id, which must succeed (docs/idp/entra.md §1.9 triggers, §1.11 triggers [DOC S4]).
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
    When Entra sends DELETE "/Users/{{dora.id}}"
    Then the response status is 204
    When Entra sends GET "/Users/{{dora.id}}"
    Then the response is a SCIM Error with status 404

  @entra-validator @should @test-suite
  Scenario: Deleting a user that does not exist gets 404
    The validator's preview test "Delete a non-existent User" deletes a random id and expects 404 (docs/idp/entra.md §4.3 [VAL S12]).
    Given a new GUID saved as "unknown"
    When the SCIM Validator sends DELETE "/Users/{{unknown}}"
    Then the response is a SCIM Error with status 404
