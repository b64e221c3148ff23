@okta
Feature: Okta links a user that already exists in the app instead of creating it
  If the existence check finds the user, Okta links the app user to it: it reads the user by
  id and PUTs back the merged document (a profile sync, in both flavours). If the SCIM user was
  deactivated, a PATCH-flavoured app first reactivates it with a path-less PATCH; an AIW app sets
  active in the PUT (docs/idp/okta.md §1.3 step C, §1.6, OIN QA C9335).

  @must @documented
  Scenario: Link an existing active user: lookup, GET, then PUT of the merged user
    Okta finds the user by userName, GETs it and PUTs the merged document echoing id, meta, groups and a password, which the server must accept and answer with the updated user (docs/idp/okta.md §1.3 C [D][O], §1.4, §3 Q3 Q4 Q5).
    Given a user "alice" exists
    When Okta sends GET "/Users?filter=userName%20eq%20%22{{alice.userName | pct}}%22&startIndex=1&count=100"
    Then the response status is 200
    And the value at "/totalResults" is 1
    And the value at "/Resources/0/id" is "{{alice.id}}"
    When Okta sends GET "/Users/{{alice.id}}"
    Then the response status is 200
    And the response is a valid User
    And the value at "/id" is "{{alice.id}}"
    And the response is saved as "current"
    When Okta sends PUT "/Users/{{alice.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "id": "{{alice.id}}",
        "externalId": "00u{{run}}",
        "userName": "{{alice.userName | json}}",
        "name": {"givenName": "Alice", "familyName": "Linked"},
        "emails": [{"primary": true, "value": "{{alice.userName | json}}", "type": "work", "display": "{{alice.userName | json}}"}],
        "displayName": "Alice Linked",
        "locale": "en-US",
        "active": true,
        "groups": [],
        "password": "1mz050nq",
        "meta": {{current.meta}}
      }
      """
    Then the response status is 200
    And the response is a valid User
    And the value at "/id" is "{{alice.id}}"
    And the value at "/userName" is "{{alice.userName}}"
    And the value at "/externalId" is "00u{{run}}"
    And the value at "/name/familyName" is "Linked"
    And the value at "/active" is true
    And the value at "/password" is absent
    When Okta sends GET "/Users/{{alice.id}}"
    Then the response status is 200
    And the value at "/externalId" is "00u{{run}}"
    And the value at "/displayName" is "Alice Linked"
    And the value at "/password" is absent

  @must @documented @observed @okta-oin
  Scenario: Link an existing deactivated user on a PATCH app: reactivate, then push the profile
    On a PATCH-flavoured app Okta finds the inactive user, reactivates it with a path-less PATCH {"active":true}, then GETs and PUTs the profile; 200 with the user or 204 are both accepted (docs/idp/okta.md §1.3 C [D][O], §1.6, §1.5 Expected).
    Given a user "alice" exists with:
      """
      {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "userName": "{{run}}.alice@example.com",
        "name": {"givenName": "Alice", "familyName": "Test"},
        "emails": [{"primary": true, "value": "{{run}}.alice@example.com", "type": "work"}],
        "displayName": "Alice Test",
        "active": false
      }
      """
    When Okta sends GET "/Users?filter=userName%20eq%20%22{{alice.userName | pct}}%22&startIndex=1&count=100"
    Then the response status is 200
    And the value at "/totalResults" is 1
    And the value at "/Resources/0/id" is "{{alice.id}}"
    And the value at "/Resources/0/active" is false
    When Okta sends PATCH "/Users/{{alice.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
       "Operations":[{"op":"replace","value":{"active":true}}]}
      """
    Then the response status is 200 or 204
    When Okta sends GET "/Users/{{alice.id}}"
    Then the response status is 200
    And the value at "/active" is true
    And the response is saved as "current"
    When Okta sends PUT "/Users/{{alice.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "id": "{{alice.id}}",
        "externalId": "00u{{run}}",
        "userName": "{{alice.userName | json}}",
        "name": {"givenName": "Alice", "familyName": "Test"},
        "emails": [{"primary": true, "value": "{{alice.userName | json}}", "type": "work"}],
        "displayName": "Alice Test",
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
    And the value at "/externalId" is "00u{{run}}"
    And the value at "/password" is absent

  @must @documented @observed @okta-aiw
  Scenario: Link an existing deactivated user on an AIW app: GET, then PUT with active true
    An AIW app cannot PATCH, so Okta reactivates a found inactive user by GET then PUT of the full user with "active": true (docs/idp/okta.md §1.3 C, §1.6 [D][O], §0.1).
    Given a user "alice" exists with:
      """
      {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "userName": "{{run}}.alice@example.com",
        "name": {"givenName": "Alice", "familyName": "Test"},
        "emails": [{"primary": true, "value": "{{run}}.alice@example.com", "type": "work"}],
        "displayName": "Alice Test",
        "active": false
      }
      """
    When Okta sends GET "/Users?filter=userName%20eq%20%22{{alice.userName | pct}}%22&startIndex=1&count=100"
    Then the response status is 200
    And the value at "/totalResults" is 1
    And the value at "/Resources/0/active" is false
    When Okta sends GET "/Users/{{alice.id}}"
    Then the response status is 200
    And the value at "/active" is false
    And the response is saved as "current"
    When Okta sends PUT "/Users/{{alice.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "id": "{{alice.id}}",
        "externalId": "00u{{run}}",
        "userName": "{{alice.userName | json}}",
        "name": {"givenName": "Alice", "familyName": "Test"},
        "emails": [{"primary": true, "value": "{{alice.userName | json}}", "type": "work"}],
        "displayName": "Alice Test",
        "locale": "en-US",
        "active": true,
        "groups": [],
        "password": "1mz050nq",
        "meta": {{current.meta}}
      }
      """
    Then the response status is 200
    And the value at "/active" is true
    And the value at "/password" is absent
    When Okta sends GET "/Users/{{alice.id}}"
    Then the response status is 200
    And the value at "/active" is true
    And the value at "/externalId" is "00u{{run}}"
