@entra
Feature: Entra matches a user in scope before it creates one
  For a user in scope that is not yet linked, Entra queries /Users with its matching attribute
  (userName by default; externalId or the work email as configured), form-encoded, and stops at the
  first hit (docs/idp/entra.md §1.3). Zero results must be 200 with an empty list, never 404; disabled
  users must still be found; userName comparison is case-insensitive.

  Background:
    Given a user "alice" exists with:
      """
      {
        "schemas": [
          "urn:ietf:params:scim:schemas:core:2.0:User",
          "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
        "externalId": "{{run}}-0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef",
        "userName": "Test_User_{{run}}_Alice",
        "active": true,
        "emails": [{
          "primary": true,
          "type": "work",
          "value": "Test_User_{{run}}_Alice@testuser.com"
        }],
        "meta": {"resourceType": "User"},
        "name": {
          "formatted": "givenName familyName",
          "familyName": "familyName",
          "givenName": "givenName"
        },
        "roles": []
      }
      """

  @entra-default @must @documented
  Scenario: Match by userName finds the user with its id
    Entra's default matching query is GET /Users?filter=userName eq "<userPrincipalName>" and it needs 200 with totalResults 1 and the full resource carrying the server's id (docs/idp/entra.md §1.3 [DOC S1, S3], §0.3 query encoding).
    When Entra sends GET "/Users?filter=userName+eq+%22{{alice.userName | form}}%22"
    Then the response status is 200
    And the response is a ListResponse of Users
    And the value at "/totalResults" is 1
    And the value at "/Resources" has 1 item
    And the value at "/Resources/0/id" is "{{alice.id}}"
    And the value at "/Resources/0/userName" is "Test_User_{{run}}_Alice"
    And the value at "/Resources/0/externalId" is "{{run}}-0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef"
    And the value at "/Resources/0/active" is true
    And the value at "/Resources/0/name/familyName" is "familyName"
    And the value at "/Resources/0/emails" contains {"type": "work", "value": "Test_User_{{run}}_Alice@testuser.com", "primary": true}
    And the value at "/Resources/0/meta/resourceType" is "User"

  @entra-default @must @documented
  Scenario: Match by userName in another case still finds the user
    Entra compares the UPN it holds with userName, which is not case-exact, so a lookup whose case differs from the stored value must still match (docs/idp/entra.md §1.3 [DOC S1], §3 Q19).
    When Entra sends GET "/Users?filter=userName+eq+%22{{alice.userName | lower | form}}%22"
    Then the response status is 200
    And the value at "/totalResults" is 1
    And the value at "/Resources/0/id" is "{{alice.id}}"
    And the value at "/Resources/0/userName" is "Test_User_{{run}}_Alice"

  @entra-validator @must @test-suite
  Scenario: The validator's "different case" filter finds the user
    The SCIM Validator's test "Filter for an existing user with a different case" upper-cases the userName and sends its quotes unencoded, expecting 1 result (docs/idp/entra.md §4.2 U5 [VAL S12], §0.3).
    When the SCIM Validator sends GET "/Users?filter=userName+eq+\"{{alice.userName | upper | form}}\""
    Then the response status is 200
    And the response is a ListResponse of Users
    And the value at "/totalResults" is 1
    And the value at "/Resources/0/id" is "{{alice.id}}"
    And the value at "/Resources/0/userName" is "Test_User_{{run}}_Alice"

  @entra-default @must @documented
  Scenario: Match by externalId finds the user
    Tenants that match on externalId (mailNickname or objectId) send GET /Users?filter=externalId+eq+%22…%22, as captured from live traffic (docs/idp/entra.md §1.3 [DOC S1, S3], §0.3 azure-docs#11784).
    When Entra sends GET "/Users?filter=externalId+eq+%22{{alice.externalId | form}}%22"
    Then the response status is 200
    And the response is a ListResponse of Users
    And the value at "/totalResults" is 1
    And the value at "/Resources/0/id" is "{{alice.id}}"
    And the value at "/Resources/0/externalId" is "{{run}}-0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef"

  @entra-default @should @documented
  Scenario: Match by the work email finds the user
    Tenants that match on mail send GET /Users?filter=emails[type eq "work"].value eq "…", a value path followed by a sub-attribute, form-encoded (docs/idp/entra.md §1.3 [DOC S1, S3], §0.3).
    When Entra sends GET "/Users?filter=emails%5Btype+eq+%22work%22%5D.value+eq+%22{{alice.emails.0.value | form}}%22"
    Then the response status is 200
    And the response is a ListResponse of Users
    And the value at "/totalResults" is 1
    And the value at "/Resources/0/id" is "{{alice.id}}"

  @entra-default @must @documented
  Scenario: A user that does not exist gets 200 with an empty list, never 404
    Entra creates the user when the match finds nothing; a 404 instead of an empty ListResponse quarantines the job (docs/idp/entra.md §1.3 "Expected when absent" [DOC S1, S6], §3 Q18).
    When Entra sends GET "/Users?filter=userName+eq+%22Test_User_{{run}}_Nobody%22"
    Then the response status is 200
    And the response is a ListResponse of Users
    And the value at "/totalResults" is 0
    And the value at "/Resources/0" is absent
    When Entra sends GET "/Users?filter=externalId+eq+%22{{run}}-no-such-external-id%22"
    Then the response status is 200
    And the value at "/totalResults" is 0

  @entra-default @must @documented
  Scenario: A disabled user is still matched, with active false
    Disabled (active false) users must still be returned by the match query, by userName and by externalId; only hard-deleted users disappear (docs/idp/entra.md §1.3 "Other cases" [DOC S1], §3 Q23).
    Given a user "dora" exists with:
      """
      {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "externalId": "{{run}}-dora",
        "userName": "Test_User_{{run}}_Dora",
        "active": false,
        "name": {"familyName": "familyName", "givenName": "Dora"}
      }
      """
    When Entra sends GET "/Users?filter=userName+eq+%22Test_User_{{run}}_Dora%22"
    Then the response status is 200
    And the value at "/totalResults" is 1
    And the value at "/Resources/0/id" is "{{dora.id}}"
    And the value at "/Resources/0/active" is false
    When Entra sends GET "/Users?filter=externalId+eq+%22{{run}}-dora%22"
    Then the response status is 200
    And the value at "/totalResults" is 1
    And the value at "/Resources/0/id" is "{{dora.id}}"
    And the value at "/Resources/0/active" is false

  @entra-default @must @documented
  Scenario: Entra reads the linked user by id, and an unknown id is a 404 SCIM Error
    Every update cycle starts with GET /Users/{id} for the linked user, answered 200 with the full resource; an unknown id must be 404 with a SCIM Error body (docs/idp/entra.md §1.6 [DOC S1]).
    When Entra sends GET "/Users/{{alice.id}}"
    Then the response status is 200
    And the response is a valid User
    And the value at "/id" is "{{alice.id}}"
    And the value at "/userName" is "Test_User_{{run}}_Alice"
    And the value at "/active" is true
    And the value at "/emails/0/value" is "Test_User_{{run}}_Alice@testuser.com"
    Given a new GUID saved as "unknown"
    When Entra sends GET "/Users/{{unknown}}"
    Then the response is a SCIM Error with status 404
