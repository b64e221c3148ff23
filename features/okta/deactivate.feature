@okta
Feature: Okta deactivates and reactivates users, never deletes them
  Unassigning a user, removing it from an assigned group or deactivating the Okta user makes Okta
  set active to false: OIN (PATCH-flavour) apps with a path-less PATCH, AIW (PUT-flavour) apps with
  GET then PUT of the full user (docs/idp/okta.md §1.5, §0.1). Okta never sends DELETE /Users; the user
  must stay readable by id and by filter, with active false (§1.5, §3 Q16). Re-activation and
  re-assignment set active back to true the same way (§1.6).

  Background:
    Given the value "{{run}}.test.user@okta.local" saved as "login"
    And a user "alice" exists with:
      """
      {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "userName": "{{login | json}}",
        "name": {"givenName": "Test", "familyName": "User"},
        "emails": [{"primary": true, "value": "{{login | json}}", "type": "work"}],
        "displayName": "Test User",
        "locale": "en-US",
        "externalId": "00u{{run}}",
        "groups": [],
        "password": "1mz050nq",
        "active": true
      }
      """

  @must @documented @observed @test-suite @okta-oin
  Scenario: Deactivate with a path-less PATCH; the user stays readable by id and by filter
    OIN apps deactivate with PATCH {"op":"replace","value":{"active":false}} and no path (a per-attribute merge that must not wipe the user), accept 200 with the user or 204, and later read it back expecting 200 with active false (docs/idp/okta.md §1.5 [D][O][T], §3 Q1 Q10 Q16).
    When Okta sends PATCH "/Users/{{alice.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
       "Operations":[{"op":"replace","value":{"active":false}}]}
      """
    Then the response status is 200 or 204
    When Okta sends GET "/Users/{{alice.id}}"
    Then the response status is 200
    And the value at "/id" is "{{alice.id}}"
    And the value at "/active" is false
    And the value at "/userName" is "{{login}}"
    And the value at "/name/givenName" is "Test"
    And the value at "/name/familyName" is "User"
    And the value at "/emails/0/value" is "{{login}}"
    And the value at "/displayName" is "Test User"
    And the value at "/locale" is "en-US"
    And the value at "/externalId" is "00u{{run}}"
    When Okta sends GET "/Users?filter=userName%20eq%20%22{{login | pct}}%22&startIndex=1&count=100"
    Then the response status is 200
    And the value at "/totalResults" is 1
    And the value at "/Resources/0/id" is "{{alice.id}}"
    And the value at "/Resources/0/active" is false

  @should @test-suite @okta-oin
  Scenario: Okta's original test suite expects the deactivated user in the PATCH response
    The okta-scim-beta suite and the 2023 draft assert 200 with "active": false in the body of the path-less deactivation PATCH; the docs also allow 204, hence should (docs/idp/okta.md §4.3, §4.2 [T], §3 Q10).
    When Okta sends PATCH "/Users/{{alice.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
       "Operations":[{"op":"replace","value":{"active":false}}]}
      """
    Then the response status is 200
    And the value at "/id" is "{{alice.id}}"
    And the value at "/active" is false
    And the value at "/userName" is "{{login}}"
    And the value at "/password" is absent

  @must @documented @observed @okta-aiw
  Scenario: Deactivate with GET then PUT of the full user; the user stays readable by id and by filter
    AIW apps deactivate by reading the user and PUTting it back with "active": false, and need 200; the user must remain readable with active false (docs/idp/okta.md §1.5 [D][O], §0.1, §3 Q16).
    When Okta sends GET "/Users/{{alice.id}}"
    Then the response status is 200
    And the response is saved as "current"
    When Okta sends PUT "/Users/{{alice.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "id": "{{alice.id}}",
        "externalId": "00u{{run}}",
        "userName": "{{login | json}}",
        "name": {"givenName": "Test", "familyName": "User"},
        "emails": [{"primary": true, "value": "{{login | json}}", "type": "work"}],
        "displayName": "Test User",
        "locale": "en-US",
        "active": false,
        "groups": [],
        "password": "1mz050nq",
        "meta": {{current.meta}}
      }
      """
    Then the response status is 200
    And the value at "/active" is false
    And the value at "/password" is absent
    When Okta sends GET "/Users/{{alice.id}}"
    Then the response status is 200
    And the value at "/active" is false
    And the value at "/userName" is "{{login}}"
    When Okta sends GET "/Users?filter=userName+eq+%22{{login | form}}%22&startIndex=1&count=100"
    Then the response status is 200
    And the value at "/totalResults" is 1
    And the value at "/Resources/0/id" is "{{alice.id}}"
    And the value at "/Resources/0/active" is false

  @must @documented @observed @test-suite @okta-oin
  Scenario: Reactivate and re-assign on a PATCH app
    After deactivation, re-activating and re-assigning makes Okta look the user up, PATCH {"active":true} without a path, then GET and PUT the profile; the user must come back active with the same id (docs/idp/okta.md §1.6 [D][O][T], §4.4 step 7, OIN QA C9293).
    When Okta sends PATCH "/Users/{{alice.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
       "Operations":[{"op":"replace","value":{"active":false}}]}
      """
    Then the response status is 200 or 204
    When Okta sends GET "/Users?filter=userName%20eq%20%22{{login | pct}}%22&startIndex=1&count=100"
    Then the response status is 200
    And the value at "/totalResults" is 1
    And the value at "/Resources/0/id" is "{{alice.id}}"
    When Okta sends PATCH "/Users/{{alice.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
       "Operations":[{"op":"replace","value":{"active":true}}]}
      """
    Then the response status is 200 or 204
    When Okta sends GET "/Users/{{alice.id}}"
    Then the response status is 200
    And the value at "/id" is "{{alice.id}}"
    And the value at "/active" is true
    And the response is saved as "current"
    When Okta sends PUT "/Users/{{alice.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "id": "{{alice.id}}",
        "externalId": "00u{{run}}",
        "userName": "{{login | json}}",
        "name": {"givenName": "Testupdate", "familyName": "User"},
        "emails": [{"primary": true, "value": "{{login | json}}", "type": "work"}],
        "displayName": "Testupdate User",
        "locale": "en-US",
        "active": true,
        "groups": [],
        "password": "1mz050nq",
        "meta": {{current.meta}}
      }
      """
    Then the response status is 200
    And the value at "/id" is "{{alice.id}}"
    And the value at "/active" is true
    And the value at "/name/givenName" is "Testupdate"
    When Okta sends GET "/Users/{{alice.id}}"
    Then the response status is 200
    And the value at "/active" is true
    And the value at "/name/givenName" is "Testupdate"

  @must @documented @observed @test-suite @okta-aiw
  Scenario: Reactivate and re-assign on an AIW app
    AIW apps reactivate by GET then PUT of the full user with "active": true, followed by the profile push; the user must come back active with the same id (docs/idp/okta.md §1.6 [D][O][T], §0.1, §4.4 step 7).
    When Okta sends GET "/Users/{{alice.id}}"
    Then the response status is 200
    And the response is saved as "current"
    When Okta sends PUT "/Users/{{alice.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "id": "{{alice.id}}",
        "externalId": "00u{{run}}",
        "userName": "{{login | json}}",
        "name": {"givenName": "Test", "familyName": "User"},
        "emails": [{"primary": true, "value": "{{login | json}}", "type": "work"}],
        "displayName": "Test User",
        "locale": "en-US",
        "active": false,
        "groups": [],
        "password": "1mz050nq",
        "meta": {{current.meta}}
      }
      """
    Then the response status is 200
    And the value at "/active" is false
    When Okta sends GET "/Users?filter=userName%20eq%20%22{{login | pct}}%22&startIndex=1&count=100"
    Then the response status is 200
    And the value at "/totalResults" is 1
    And the value at "/Resources/0/id" is "{{alice.id}}"
    When Okta sends GET "/Users/{{alice.id}}"
    Then the response status is 200
    And the response is saved as "current"
    When Okta sends PUT "/Users/{{alice.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "id": "{{alice.id}}",
        "externalId": "00u{{run}}",
        "userName": "{{login | json}}",
        "name": {"givenName": "Testupdate", "familyName": "User"},
        "emails": [{"primary": true, "value": "{{login | json}}", "type": "work"}],
        "displayName": "Testupdate User",
        "locale": "en-US",
        "active": true,
        "groups": [],
        "password": "1mz050nq",
        "meta": {{current.meta}}
      }
      """
    Then the response status is 200
    And the value at "/id" is "{{alice.id}}"
    And the value at "/active" is true
    When Okta sends GET "/Users/{{alice.id}}"
    Then the response status is 200
    And the value at "/active" is true
    And the value at "/name/givenName" is "Testupdate"
