@okta
Feature: Okta pushes a new user when it is assigned to the app
  With "To App → Create Users" on, assigning a user (directly or through an assigned group) makes
  Okta look the user up by userName, always with startIndex=1&count=100, and create it when the
  lookup finds nothing (docs/idp/okta.md §1.3 steps A and B). The POST carries a throw-away password,
  an empty groups array and Okta's own user id as externalId. Both flavours (OIN and AIW) send the
  same requests here.

  @must @documented
  Scenario: The existence check for a new user finds nothing (%20 encoding)
    Okta checks for the user with GET /Users?filter=userName%20eq%20"…"&startIndex=1&count=100 and, per its test suite, needs 200 with totalResults 0 when the user is absent (docs/idp/okta.md §1.3 A [D], §3 Q8).
    Given the value "{{run}}.test.user@okta.local" saved as "login"
    When Okta sends GET "/Users?filter=userName%20eq%20%22{{login | pct}}%22&startIndex=1&count=100"
    Then the response status is 200
    And the response is a ListResponse of Users
    And the value at "/totalResults" is 0
    And the value at "/startIndex" is 1
    And the value at "/itemsPerPage" is 0
    And the value at "/Resources/0" is absent

  @must @documented
  Scenario: The existence check for a new user finds nothing (form encoding with +)
    Okta's captured traffic encodes the filter form-style, spaces as "+", and the server must decode "+" as a space (docs/idp/okta.md §0.4 [D], §3 Q7).
    Given the value "{{run}}.test.user@okta.local" saved as "login"
    When Okta sends GET "/Users?filter=userName+eq+%22{{login | form}}%22&startIndex=1&count=100"
    Then the response status is 200
    And the response is a ListResponse of Users
    And the value at "/totalResults" is 0
    And the value at "/itemsPerPage" is 0

  @must @documented
  Scenario: Push a new user
    If the lookup finds nothing, Okta POSTs the user with password, groups [] and externalId = its 00u… id, and needs 201 with the full user and its id, the password never echoed (docs/idp/okta.md §1.3 B [D], §3 Q4 Q5 Q6).
    Given the value "{{run}}.test.user@okta.local" saved as "login"
    When Okta sends GET "/Users?filter=userName%20eq%20%22{{login | pct}}%22&startIndex=1&count=100"
    Then the response status is 200
    And the value at "/totalResults" is 0
    When Okta sends POST "/Users" with:
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
    Then the response status is 201
    And the response is a valid User
    And the value at "/id" is not empty
    And the value at "/userName" is "{{login}}"
    And the value at "/externalId" is "00u{{run}}"
    And the value at "/name/givenName" is "Test"
    And the value at "/name/familyName" is "User"
    And the value at "/emails/0/value" is "{{login}}"
    And the value at "/displayName" is "Test User"
    And the value at "/active" is true
    And the value at "/schemas" contains "urn:ietf:params:scim:schemas:core:2.0:User"
    And the value at "/meta/resourceType" is "User"
    And the value at "/password" is absent
    And the response is saved as "alice"
    When Okta sends GET "/Users/{{alice.id}}"
    Then the response status is 200
    And the value at "/id" is "{{alice.id}}"
    And the value at "/userName" is "{{login}}"
    And the value at "/externalId" is "00u{{run}}"
    And the value at "/password" is absent

  @must @test-suite
  Scenario: A pushed userName keeps its case and a lookup in another case still finds it
    Okta's tests use logins with capitals and compare the returned userName exactly, while a lookup with the upper-cased login must still succeed (docs/idp/okta.md §3 Q30 [T], §4.1 tests 6 and 9, §3 Q7).
    Given the value "{{run}}.Test.User@Okta.local" saved as "login"
    When Okta sends POST "/Users" with:
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
    Then the response status is 201
    And the value at "/userName" is "{{login}}"
    And the response is saved as "alice"
    Given the value "{{login | upper}}" saved as "shouted"
    When Okta sends GET "/Users?filter=userName%20eq%20%22{{shouted | pct}}%22&startIndex=1&count=100"
    Then the response status is 200
    And the value at "/totalResults" is 1
    And the value at "/Resources/0/id" is "{{alice.id}}"
    And the value at "/Resources/0/userName" is "{{login}}"
    Given the value "{{login | lower}}" saved as "quiet"
    When Okta sends GET "/Users?filter=userName+eq+%22{{quiet | form}}%22&startIndex=1&count=100"
    Then the response status is 200
    And the value at "/totalResults" is 1
    And the value at "/Resources/0/id" is "{{alice.id}}"

  @must @documented
  Scenario: Pushing a user that already exists gets 409 with a SCIM Error
    If the POST meets an existing userName Okta raises a task error quoting the remote detail, so the 409 body must be a SCIM Error with schemas, detail and status (docs/idp/okta.md §1.3 B "On 409" [D], §3 Q17).
    Given the value "{{run}}.test.user@okta.local" saved as "login"
    When Okta sends POST "/Users" with:
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
    Then the response status is 201
    When Okta sends POST "/Users" with:
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
    Then the response is a SCIM Error with status 409
    And the error detail is not empty

  @must @documented
  Scenario: The existence check for a pushed user finds it with the attributes Okta reads
    If the user exists, the lookup answers a ListResponse whose resource carries at least schemas, id, userName, active and meta (resourceType, location), with numeric paging fields (docs/idp/okta.md §1.3 A [D]).
    Given the value "{{run}}.test.user@okta.local" saved as "login"
    When Okta sends POST "/Users" with:
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
    Then the response status is 201
    And the response is saved as "alice"
    When Okta sends GET "/Users?filter=userName%20eq%20%22{{login | pct}}%22&startIndex=1&count=100"
    Then the response status is 200
    And the response is a ListResponse of Users
    And the value at "/totalResults" is 1
    And the value at "/itemsPerPage" is 1
    And the value at "/startIndex" is 1
    And the value at "/Resources/0/schemas" contains "urn:ietf:params:scim:schemas:core:2.0:User"
    And the value at "/Resources/0/id" is "{{alice.id}}"
    And the value at "/Resources/0/userName" is "{{login}}"
    And the value at "/Resources/0/active" is true
    And the value at "/Resources/0/meta/resourceType" is "User"
    And the value at "/Resources/0/meta/location" is not empty
    And the value at "/Resources/0/password" is absent

  @should @inferred
  Scenario: Push a new user with an enterprise-extension attribute
    OIN template apps may map attributes into the enterprise extension, which arrive inside the URN-keyed object; the exact combined body is our inference (docs/idp/okta.md §1.3 B, §3 Q26 [I]).
    Given the value "{{run}}.test.user@okta.local" saved as "login"
    When Okta sends POST "/Users" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
        "userName": "{{login | json}}",
        "name": {"givenName": "Test", "familyName": "User"},
        "emails": [{"primary": true, "value": "{{login | json}}", "type": "work"}],
        "displayName": "Test User",
        "locale": "en-US",
        "externalId": "00u{{run}}",
        "groups": [],
        "password": "1mz050nq",
        "active": true,
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"department": "Engineering"}
      }
      """
    Then the response status is 201
    And the value at "/urn:ietf:params:scim:schemas:extension:enterprise:2.0:User/department" is "Engineering"
    And the value at "/password" is absent

  @should @inferred
  Scenario: Push a new user with a role chosen by a mapping expression
    A mapping like roles.^[primary==true].value is reported to arrive as "roles":[{"value":…,"primary":true}], and the server should accept multi-valued roles with primary (docs/idp/okta.md §3 Q27 [I]).
    Given the value "{{run}}.test.user@okta.local" saved as "login"
    When Okta sends POST "/Users" with:
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
        "active": true,
        "roles": [{"value": "admin", "primary": true}]
      }
      """
    Then the response status is 201
    And the value at "/roles" contains {"value": "admin"}
