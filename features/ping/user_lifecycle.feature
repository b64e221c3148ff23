@ping
Feature: Ping creates users and then only ever PUTs them: update, disable, re-enable
  Ping creates a user with a POST of the mapped attributes (userName required) and stores the id
  it gets back (docs/idp/ping.md §1.4). Users are never PATCHed: a profile update, a disable and a
  re-enable are each a full PUT /Users/{id} carrying `active` (§1.5–§1.7, §3 Q1). The Remove User
  Action decides whether deprovisioning disables (`@ping-disable`, default) or deletes
  (`@ping-delete`, §1.8). Ping cannot blank a value once written, so nothing here asserts that an
  omitted value is cleared (§1.5, Q9). No body has been published: shapes are the attribute
  inventory of §1.4 in their RFC 7643 homes.

  @should @inferred @pingfederate
  Scenario: Create a user with the attributes Ping can map
    Ping POSTs the admin's mapped attributes (core, name, one value per type of emails and phones, the enterprise extension with manager as a SCIM id, a password) and needs 201 with the id and no password echoed (docs/idp/ping.md §1.4 [D] inventory, [I] layout, §1.9, §3 Q8).
    Given a user "boss" exists
    When Ping sends POST "/Users" with:
      """
      {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
       "userName":"{{run}}.jsmith","password":"Pw-{{run}}-x9!","externalId":"uid={{run}}.jsmith,ou=people,dc=example,dc=com",
       "name":{"givenName":"John","familyName":"Smith","formatted":"John Smith"},
       "displayName":"John Smith","title":"Analyst","preferredLanguage":"en-US","locale":"en-US","timezone":"America/Denver",
       "emails":[{"value":"{{run}}.jsmith@example.com","type":"work","primary":true}],
       "phoneNumbers":[{"value":"+1 303 555 0100","type":"work"},{"value":"+1 303 555 0101","type":"mobile"}],
       "addresses":[{"type":"work","streetAddress":"1 Main St","locality":"Denver","region":"CO","postalCode":"80202","country":"US"}],
       "active":true,
       "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{
         "employeeNumber":"1042","department":"Finance","costCenter":"CC-7",
         "manager":{"value":"{{boss.id}}"}}}
      """
    Then the response status is 201
    And the response is a valid User
    And the value at "/id" is not empty
    And the value at "/userName" is "{{run}}.jsmith"
    And the value at "/active" is true
    And the value at "/phoneNumbers" has 2 items
    And the value at "/urn:ietf:params:scim:schemas:extension:enterprise:2.0:User/manager/value" is "{{boss.id}}"
    And the value at "/password" is absent

  @should @inferred
  Scenario: Provision Disabled Users creates a user that is inactive from the start
    With "Provision Disabled Users" on, a user disabled at the source is created with active false, and it must read back inactive (docs/idp/ping.md §1.4 [D] behaviour, [I] field, §0.2).
    When Ping sends POST "/Users" with:
      """
      {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"{{run}}.disabled","active":false,
       "emails":[{"value":"{{run}}.disabled@example.com","type":"work","primary":true}]}
      """
    Then the response status is 201
    And the response is saved as "inactive"
    And the value at "/active" is false
    When Ping sends GET "/Users/{{inactive.id}}"
    Then the response status is 200
    And the value at "/active" is false

  @should @documented @tolerance-duplicate-primary
  Scenario: One address written into two email slots, both flagged primary
    Ping fills both email slots of the target with the one address the source has and flags both primary; the server should accept the user rather than 400 it (docs/idp/ping.md §1.4 [D], §3 Q7; RFC 7643 §2.4 allows one primary).
    When Ping sends POST "/Users" with:
      """
      {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"{{run}}.twoslots",
       "emails":[{"value":"{{run}}.twoslots@example.com","type":"work","primary":true},
                 {"value":"{{run}}.twoslots@example.com","type":"home","primary":true}],
       "active":true}
      """
    Then the response status is 201
    And the response is saved as "twoslots"
    And the value at "/emails" contains {"value": "{{run}}.twoslots@example.com", "type": "work"}
    When Ping sends GET "/Users?filter=emails%20eq%20%22{{run}}.twoslots%40example.com%22"
    Then the response status is 200
    And the value at "/totalResults" is 1
    And the value at "/Resources/0/id" is "{{twoslots.id}}"

  @must @documented @pingfederate @pingone
  Scenario: A profile update is a full PUT with active, never a PATCH
    Ping marks PATCH unsupported for users and sends every update as PUT /Users/{id} with the mapped set and active; the new values must read back (docs/idp/ping.md §1.5 [D] method, [I] body, §3 Q1).
    Given a user "alice" exists
    When Ping sends PUT "/Users/{{alice.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],
       "userName":"{{alice.userName | json}}",
       "name":{"givenName":"Alice","familyName":"Jones"},
       "displayName":"Alice Jones","title":"Manager",
       "emails":[{"value":"{{alice.userName | json}}","type":"work","primary":true}],
       "active":true}
      """
    Then the response status is 200
    And the response is a valid User
    And the value at "/id" is "{{alice.id}}"
    And the value at "/name/familyName" is "Jones"
    And the value at "/title" is "Manager"
    And the value at "/active" is true
    When Ping sends GET "/Users/{{alice.id}}"
    Then the response status is 200
    And the value at "/displayName" is "Alice Jones"

  @should @inferred
  Scenario: A PUT that echoes id, meta and schemas of the target's copy is accepted
    Whether Ping's PUT carries id, schemas and meta is unknown (it may merge into the target's copy), so read-only attributes in the body must be ignored, not refused (docs/idp/ping.md §1.5 [I], §3 Q1).
    Given a user "alice" exists
    When Ping sends GET "/Users/{{alice.id}}"
    Then the response status is 200
    And the response is saved as "copy"
    When Ping sends PUT "/Users/{{alice.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":"{{alice.id}}",
       "meta":{{copy.meta}},
       "userName":"{{alice.userName | json}}","displayName":"Alice Updated",
       "emails":[{"value":"{{alice.userName | json}}","type":"work","primary":true}],
       "active":true}
      """
    Then the response status is 200
    And the value at "/id" is "{{alice.id}}"
    And the value at "/displayName" is "Alice Updated"

  @should @documented
  Scenario: A PUT that leaves out a value the user had is accepted, whatever the server keeps
    Ping cannot blank a value once written (probably it omits it from the PUT); the server may keep or drop the omitted attribute, but must accept the PUT and apply what it carries (docs/idp/ping.md §1.5 [D] limitation, [I] omission, §3 Q9).
    Given a user "alice" exists with:
      """
      {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"{{run}}.alice@example.com",
       "title":"Engineer","nickName":"Al","active":true}
      """
    When Ping sends PUT "/Users/{{alice.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"{{run}}.alice@example.com",
       "title":"Lead Engineer","active":true}
      """
    Then the response status is 200
    And the value at "/title" is "Lead Engineer"
    And the value at "/userName" is "{{run}}.alice@example.com"

  @must @documented @ping-disable @pingfederate @pingone
  Scenario: Disable is a PUT with active false, and the user stays readable and findable
    With Remove User Action "Disable" (the default), a user deleted, disabled or out of scope at the source gets an update with active false; the account must stay readable by id and by the lookup filter (docs/idp/ping.md §1.6 [D] trigger, [I strong] PUT, §0.2).
    Given a user "alice" exists
    When Ping sends PUT "/Users/{{alice.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"{{alice.userName | json}}",
       "name":{"givenName":"Alice","familyName":"Test"},
       "emails":[{"value":"{{alice.userName | json}}","type":"work","primary":true}],
       "active":false}
      """
    Then the response status is 200
    And the value at "/active" is false
    When Ping sends GET "/Users/{{alice.id}}"
    Then the response status is 200
    And the value at "/active" is false
    When Ping sends GET "/Users?filter=userName%20eq%20%22{{alice.userName | pct}}%22"
    Then the response status is 200
    And the value at "/totalResults" is 1
    And the value at "/Resources/0/active" is false

  @must @documented @ping-disable
  Scenario: Re-enable is a PUT with active true on the same id
    Re-enabling a disabled user is part of User Update: a PUT with active true on the id Ping already holds (docs/idp/ping.md §1.7 [D] Code42 settings, [I] body).
    Given a user "alice" exists
    When Ping sends PUT "/Users/{{alice.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"{{alice.userName | json}}","active":false}
      """
    Then the response status is 200
    When Ping sends PUT "/Users/{{alice.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"{{alice.userName | json}}","active":true}
      """
    Then the response status is 200
    And the value at "/id" is "{{alice.id}}"
    And the value at "/active" is true
    When Ping sends GET "/Users/{{alice.id}}"
    Then the value at "/active" is true

  @must @documented @ping-delete
  Scenario: With Remove User Action "Delete" the user is deleted, and a second delete is a 404
    Remove User Action "Delete" removes the account: DELETE answers 204, the user is gone (404), and deleting it again is a harmless 404 SCIM Error (docs/idp/ping.md §1.8 [D] option, [I strong] DELETE).
    Given a user "alice" exists
    When Ping sends DELETE "/Users/{{alice.id}}"
    Then the response status is 204
    When Ping sends GET "/Users/{{alice.id}}"
    Then the response is a SCIM Error with status 404
    When Ping sends DELETE "/Users/{{alice.id}}"
    Then the response is a SCIM Error with status 404

  @should @inferred
  Scenario: A userName change arrives as a PUT with the new value on the stored id
    Once the id is stored, a userName change at the source should be a PUT with the new userName; the old name then matches nothing and the new one the same id (docs/idp/ping.md §1.10 [I], §1.3).
    Given a user "alice" exists
    And the value "{{run}}.alice.renamed@example.com" saved as "newname"
    When Ping sends PUT "/Users/{{alice.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"{{newname}}","active":true}
      """
    Then the response status is 200
    And the value at "/userName" is "{{newname}}"
    When Ping sends GET "/Users?filter=userName%20eq%20%22{{alice.userName | pct}}%22"
    Then the value at "/totalResults" is 0
    When Ping sends GET "/Users?filter=userName%20eq%20%22{{newname | pct}}%22"
    Then the value at "/totalResults" is 1
    And the value at "/Resources/0/id" is "{{alice.id}}"
