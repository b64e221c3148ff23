@rippling
Feature: Termination deactivates the account, and a rehire reactivates the same one
  Rippling follows the employment lifecycle: at termination (or when the employee leaves the App
  Access Rules) the account is deactivated, not deleted, and a returning employee's original
  account is reactivated with its history (docs/idp/rippling.md §1.5, §1.6, §3 R6, [O] Jaapi).
  The request is unknown — `active` by PATCH or PUT, or a DELETE — so each is replayed, all
  `@inferred`.

  @should @inferred
  Scenario: Termination by PATCH active false, rehire by PATCH active true on the same id
    The deactivated account must stay readable and findable by its employee id; the rehire reactivates that same id instead of creating a new account (docs/idp/rippling.md §1.5 [O] deactivated, [I] PATCH, §1.6).
    Given a user "alice" exists
    When Rippling sends PATCH "/Users/{{alice.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"active","value":false}]}
      """
    Then the response status is 200 or 204
    When Rippling sends GET "/Users?filter=externalId%20eq%20%22{{alice.externalId | pct}}%22"
    Then the response status is 200
    And the value at "/totalResults" is 1
    And the value at "/Resources/0/id" is "{{alice.id}}"
    And the value at "/Resources/0/active" is false
    When Rippling sends PATCH "/Users/{{alice.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"active","value":true}]}
      """
    Then the response status is 200 or 204
    When Rippling sends GET "/Users/{{alice.id}}"
    Then the response status is 200
    And the value at "/active" is true
    And the value at "/userName" is "{{alice.userName}}"

  @should @inferred
  Scenario: Termination by PUT active false keeps the user's groups; rehire by PUT reactivates it
    As PUTs, the deactivation and the reactivation keep the same id, and the account's group memberships survive the deactivation (docs/idp/rippling.md §1.5 [I] PUT, §1.6 [O] history intact).
    Given a user "alice" exists
    And a group "team" exists with members "alice"
    When Rippling sends PUT "/Users/{{alice.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"{{alice.userName | json}}","externalId":"{{alice.externalId | json}}","active":false}
      """
    Then the response status is 200
    And the value at "/active" is false
    And user "alice" belongs to exactly the groups "team"
    When Rippling sends PUT "/Users/{{alice.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"{{alice.userName | json}}","externalId":"{{alice.externalId | json}}","active":true}
      """
    Then the response status is 200
    And the value at "/id" is "{{alice.id}}"
    And the value at "/active" is true

  @should @inferred
  Scenario: An offboarding that deletes the account is a 204, and the account is gone
    The offboarding step's options are not described; if it deletes, DELETE /Users/{id} must be 204 and a read afterwards a 404 SCIM Error (docs/idp/rippling.md §1.5 [I], §1.7).
    Given a user "alice" exists
    When Rippling sends DELETE "/Users/{{alice.id}}"
    Then the response status is 204
    When Rippling sends GET "/Users/{{alice.id}}"
    Then the response is a SCIM Error with status 404
