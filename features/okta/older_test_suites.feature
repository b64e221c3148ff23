@okta
Feature: Okta's earlier and draft test suites
  Before the current SPEC test, Okta published the "Okta SCIM 2.0 Tests" of okta-scim-beta (2016),
  and an Okta engineer drafted further tests in 2023 that never shipped (docs/idp/okta.md §4.3, §4.2).
  They are replayed with the Runscope headers (actor Okta's SPEC test). The 2016 suite is what
  early integrations were certified against (@should); the draft shows what Okta meant to test
  next, with stricter answers than the docs require, such as 200 with a body on every PATCH (@may).

  @should @test-suite
  Scenario: The okta-scim-beta suite, in order
    The 2016 suite lists users and groups with count before startIndex (Groups must be non-empty), filters an unknown userName (totalResults 0), expects 404 with a SCIM Error for a random id, creates a user with externalId and "groups": [] (201), reads it, and deactivates it with a path-less PATCH answered 200 with active false (docs/idp/okta.md §4.3 [T]).
    Given a group "existing" exists
    When Okta's SPEC test sends GET "/Users?count=2&startIndex=1"
    Then the response status is 200
    And the value at "/schemas" contains "urn:ietf:params:scim:api:messages:2.0:ListResponse"
    And the value at "/totalResults" is a number
    And the value at "/itemsPerPage" is a number
    And the value at "/startIndex" is a number
    When Okta's SPEC test sends GET "/Groups?count=100&startIndex=1"
    Then the response status is 200
    And the value at "/schemas" contains "urn:ietf:params:scim:api:messages:2.0:ListResponse"
    And the value at "/Resources" is not empty
    And the value at "/totalResults" is a number
    And the value at "/itemsPerPage" is a number
    And the value at "/startIndex" is a number
    Given the value "{{run}}.nobody@atko.com" saved as "nobody"
    When Okta's SPEC test sends GET "/Users?count=100&filter=userName%20eq%20%22{{nobody | pct}}%22&startIndex=1"
    Then the response status is 200
    And the value at "/totalResults" is 0
    Given a new GUID saved as "random"
    When Okta's SPEC test sends GET "/Users/{{random}}"
    Then the response status is 404
    And the value at "/schemas" contains "urn:ietf:params:scim:api:messages:2.0:Error"
    And the error detail is not empty
    Given the value "Runscope{{run}}" saved as "family"
    And the value "Runscope{{run}}@atko.com" saved as "email"
    When Okta's SPEC test sends POST "/Users" with:
      """
      {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"{{email | json}}","name":{"givenName":"Runscope","familyName":"{{family | json}}"},"emails":[{"primary":true,"value":"{{email | json}}","type":"work"}],"displayName":"Runscope {{family | json}}","externalId":"00u{{run}}","groups":[],"active":true}
      """
    Then the response status is 201
    And the value at "/active" is true
    And the value at "/id" is not empty
    And the value at "/userName" is "{{email}}"
    And the value at "/name/familyName" is "{{family}}"
    And the value at "/schemas" contains "urn:ietf:params:scim:schemas:core:2.0:User"
    And the response is saved as "user"
    When Okta's SPEC test sends GET "/Users/{{user.id}}"
    Then the response status is 200
    And the value at "/userName" is "{{email}}"
    When Okta's SPEC test sends PATCH "/Users/{{user.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","value":{"active":false}}]}
      """
    Then the response status is 200
    And the value at "/active" is false

  @may @test-suite
  Scenario: The 2023 draft: update a user with PUT, then deactivate it
    The draft PUTs the full user with its id and a work phone number (200, still active, names and userName kept, phoneNumbers[0] value and type set) and then deactivates with a path-less PATCH expecting 200 with active false in the body (docs/idp/okta.md §4.2 [T]).
    Given the value "Runscope{{run}}@atko.com" saved as "email"
    And a user "one" exists with:
      """
      {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"{{email | json}}","name":{"givenName":"Runscope","familyName":"Tester"},"emails":[{"primary":true,"value":"{{email | json}}","type":"work"}],"displayName":"Runscope Tester","active":true}
      """
    When Okta's SPEC test sends PUT "/Users/{{one.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":"{{one.id}}","userName":"{{email | json}}","name":{"givenName":"Runscope","familyName":"Tester"},"emails":[{"primary":true,"value":"{{email | json}}","type":"work"}],"displayName":"Runscope Tester","active":true,"phoneNumbers":[{"value":"555-555-5555","type":"work"}]}
      """
    Then the response status is 200
    And the value at "/active" is true
    And the value at "/userName" is "{{email}}"
    And the value at "/name/givenName" is "Runscope"
    And the value at "/name/familyName" is "Tester"
    And the value at "/schemas" contains "urn:ietf:params:scim:schemas:core:2.0:User"
    And the value at "/phoneNumbers/0/value" is not empty
    And the value at "/phoneNumbers/0/type" is not empty
    When Okta's SPEC test sends PATCH "/Users/{{one.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","value":{"active":false}}]}
      """
    Then the response status is 200
    And the value at "/active" is false

  @may @test-suite
  Scenario: The 2023 draft: a group with a member, removed, added back, emptied with PUT, deleted
    The draft creates a group with one {value, display} member (201, member echoed), reads it, removes the member with a filtered PATCH (200, no members), adds it back (200, value and display echoed), empties it with a PUT (200) and deletes it (204) (docs/idp/okta.md §4.2 [T]).
    Given the value "Runscope{{run}}@atko.com" saved as "email"
    And a user "one" exists with:
      """
      {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"{{email | json}}","name":{"givenName":"Runscope","familyName":"Tester"},"emails":[{"primary":true,"value":"{{email | json}}","type":"work"}],"active":true}
      """
    And the value "{{run}} Runscope group" saved as "grp"
    When Okta's SPEC test sends POST "/Groups" with:
      """
      {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"{{grp | json}}","members":[{"value":"{{one.id}}","display":"{{email | json}}"}]}
      """
    Then the response status is 201
    And the value at "/members/0/value" is "{{one.id}}"
    And the value at "/members/0/display" is "{{email}}"
    And the response is saved as "group"
    When Okta's SPEC test sends GET "/Groups/{{group.id}}"
    Then the response status is 200
    And the value at "/members/0/value" is "{{one.id}}"
    And the value at "/members/0/display" is "{{email}}"
    When Okta's SPEC test sends PATCH "/Groups/{{group.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"remove","path":"members[value eq \"{{one.id}}\"]"}]}
      """
    Then the response status is 200
    And the value at "/members/0" is absent
    When Okta's SPEC test sends PATCH "/Groups/{{group.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"add","path":"members","value":[{"value":"{{one.id}}","display":"{{email | json}}"}]}]}
      """
    Then the response status is 200
    And the value at "/members/0/value" is "{{one.id}}"
    And the value at "/members/0/display" is "{{email}}"
    When Okta's SPEC test sends PUT "/Groups/{{group.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"{{grp | json}}","members":[]}
      """
    Then the response status is 200
    And the value at "/members/0" is absent
    When Okta's SPEC test sends DELETE "/Groups/{{group.id}}"
    Then the response status is 204
