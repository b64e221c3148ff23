@okta
Feature: Okta syncs passwords
  With "Sync Password" on, setting or resetting the Okta password (or the random-password mode)
  pushes the password: OIN apps with a PATCH whose body Okta does not publish, AIW apps with GET
  then PUT carrying password (docs/idp/okta.md §1.7, §0.1). The server answers 200 or 204 and never
  echoes the password (§1.7, §3 Q4).

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

  @should @inferred @okta-oin
  Scenario: Sync a password with a path-less PATCH
    OIN apps sync the password with a PATCH whose body is unpublished; we expect a path-less replace of password, answered 200 or 204, with the password never returned (docs/idp/okta.md §1.7 [I], §3 Q4).
    When Okta sends PATCH "/Users/{{alice.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
       "Operations":[{"op":"replace","value":{"password":"t4kuX9!pW2"}}]}
      """
    Then the response status is 200 or 204
    When Okta sends GET "/Users/{{alice.id}}"
    Then the response status is 200
    And the value at "/password" is absent
    And the value at "/userName" is "{{login}}"
    And the value at "/active" is true
    And the value at "/emails/0/value" is "{{login}}"

  @must @documented @okta-aiw
  Scenario: Sync a password with GET then PUT
    AIW apps sync the password by GETting the user and PUTting it back with the new password; the server answers 200 and never returns the password (docs/idp/okta.md §1.7 [D], §0.1, §3 Q4).
    When Okta sends GET "/Users/{{alice.id}}"
    Then the response status is 200
    And the value at "/password" is absent
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
        "active": true,
        "groups": [],
        "password": "t4kuX9!pW2",
        "meta": {{current.meta}}
      }
      """
    Then the response status is 200
    And the value at "/password" is absent
    And the value at "/id" is "{{alice.id}}"
    And the value at "/active" is true
    When Okta sends GET "/Users/{{alice.id}}"
    Then the response status is 200
    And the value at "/password" is absent
    And the value at "/userName" is "{{login}}"
