@okta
Feature: Okta pushes profile updates with GET then PUT
  With "Update User Attributes" on, a change to a mapped attribute makes Okta read the user and PUT
  back whatever the GET returned with the attributes it masters overwritten, in both flavours
  (docs/idp/okta.md §1.4, §0.1). The server must ignore the read-only id, meta and groups it echoes
  (§3 Q3, Q5) and never return the password (§3 Q4).

  @must @documented
  Scenario: Push a profile update with Okta's documented PUT body
    Okta GETs the user and PUTs the documented body (new givenName and middleName, meta with only resourceType), and needs 200 with the updated user; the change is visible afterwards (docs/idp/okta.md §1.4 [D]).
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
    When Okta sends GET "/Users/{{alice.id}}"
    Then the response status is 200
    And the response is a valid User
    When Okta sends PUT "/Users/{{alice.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "id": "{{alice.id}}",
        "userName": "{{login | json}}",
        "name": {"givenName": "Another", "middleName": "Excited", "familyName": "User"},
        "emails": [{"primary": true, "value": "{{login | json}}", "type": "work",
                    "display": "{{login | json}}"}],
        "active": true,
        "groups": [],
        "meta": {"resourceType": "User"}
      }
      """
    Then the response status is 200
    And the response is a valid User
    And the value at "/id" is "{{alice.id}}"
    And the value at "/userName" is "{{login}}"
    And the value at "/name/givenName" is "Another"
    And the value at "/name/middleName" is "Excited"
    And the value at "/name/familyName" is "User"
    And the value at "/active" is true
    And the value at "/meta/resourceType" is "User"
    When Okta sends GET "/Users/{{alice.id}}"
    Then the response status is 200
    And the value at "/id" is "{{alice.id}}"
    And the value at "/name/givenName" is "Another"
    And the value at "/name/middleName" is "Excited"
    And the value at "/emails/0/value" is "{{login}}"
    And the value at "/active" is true
    And the value at "/password" is absent

  @must @documented
  Scenario: Push a profile update that echoes the server's own meta, externalId and a password
    The 2018 capture shows the PUT also carrying externalId, the server's meta (created, lastModified, version in its own format), displayName, locale and a password, all of which the server must take without error (docs/idp/okta.md §1.4 [D], §3 Q3 Q4).
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
        "name": {"givenName": "Test", "familyName": "Renamed"},
        "emails": [{"primary": true, "value": "{{login | json}}", "type": "work"}],
        "displayName": "Test Renamed",
        "locale": "en-US",
        "password": "1mz050nq",
        "active": true,
        "groups": [],
        "meta": {{current.meta}}
      }
      """
    Then the response status is 200
    And the value at "/id" is "{{alice.id}}"
    And the value at "/externalId" is "00u{{run}}"
    And the value at "/name/familyName" is "Renamed"
    And the value at "/displayName" is "Test Renamed"
    And the value at "/password" is absent
    When Okta sends GET "/Users/{{alice.id}}"
    Then the response status is 200
    And the value at "/displayName" is "Test Renamed"
    And the value at "/name/familyName" is "Renamed"
    And the value at "/password" is absent

  @must @documented @observed
  Scenario: A profile PUT with "groups": [] leaves the user's group memberships alone
    Okta sends "groups": [] in every user PUT; groups is read-only on the User, so the server must ignore it and keep the memberships (docs/idp/okta.md §1.4 [D], §3 Q5 [D][O]).
    Given a user "alice" exists
    And a group "engineering" exists with members "alice"
    When Okta sends GET "/Users/{{alice.id}}"
    Then the response status is 200
    And the response is saved as "current"
    When Okta sends PUT "/Users/{{alice.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "id": "{{alice.id}}",
        "userName": "{{alice.userName | json}}",
        "name": {"givenName": "Alice", "familyName": "Updated"},
        "emails": [{"primary": true, "value": "{{alice.userName | json}}", "type": "work"}],
        "active": true,
        "groups": [],
        "meta": {{current.meta}}
      }
      """
    Then the response status is 200
    And the value at "/name/familyName" is "Updated"
    And user "alice" belongs to exactly the groups "engineering"
    And group "engineering" has exactly the members "alice"

  @must @documented
  Scenario: A profile push does not change active
    Only lifecycle events change active on the SCIM side: Okta's profile PUT of a deactivated user carries the active:false it read, and the user stays inactive (docs/idp/okta.md §1.4 Note [D], §3 Q23).
    Given a user "alice" exists with:
      """
      {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "userName": "{{run}}.alice@example.com",
        "name": {"givenName": "Alice", "familyName": "Test"},
        "emails": [{"primary": true, "value": "{{run}}.alice@example.com", "type": "work"}],
        "active": false
      }
      """
    When Okta sends GET "/Users/{{alice.id}}"
    Then the response status is 200
    And the value at "/active" is false
    And the response is saved as "current"
    When Okta sends PUT "/Users/{{alice.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "id": "{{alice.id}}",
        "userName": "{{alice.userName | json}}",
        "name": {"givenName": "Alicia", "familyName": "Test"},
        "emails": [{"primary": true, "value": "{{alice.userName | json}}", "type": "work"}],
        "active": false,
        "groups": [],
        "meta": {{current.meta}}
      }
      """
    Then the response status is 200
    And the value at "/name/givenName" is "Alicia"
    And the value at "/active" is false

  @should @inferred
  Scenario: A profile push with emptied attributes is accepted
    Okta's QA plan pushes empty values after erasing attributes; they may arrive as "", null or omitted, and must cause no error (docs/idp/okta.md §3 Q31 [I], OIN QA C9337).
    Given a user "alice" exists with:
      """
      {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "userName": "{{run}}.alice@example.com",
        "name": {"givenName": "Alice", "familyName": "Test"},
        "emails": [{"primary": true, "value": "{{run}}.alice@example.com", "type": "work"}],
        "title": "Engineer",
        "nickName": "Al",
        "active": true
      }
      """
    When Okta sends GET "/Users/{{alice.id}}"
    Then the response status is 200
    And the response is saved as "current"
    When Okta sends PUT "/Users/{{alice.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "id": "{{alice.id}}",
        "userName": "{{alice.userName | json}}",
        "name": {"givenName": "Alice", "familyName": "Test"},
        "emails": [{"primary": true, "value": "{{alice.userName | json}}", "type": "work"}],
        "title": "",
        "nickName": null,
        "active": true,
        "groups": [],
        "meta": {{current.meta}}
      }
      """
    Then the response status is 200
    And the value at "/nickName" is absent
    And the value at "/userName" is "{{alice.userName}}"
