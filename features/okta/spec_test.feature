@okta
Feature: Okta's own "Okta SCIM 2.0 SPEC Test", step by step
  The Runscope suite Okta requires for an OIN submission (2024-05 revision, tests 1–12), replayed
  with its headers: "User-Agent: OKTA SCIM Integration", "Accept: application/scim+json;
  charset=utf-8", and "Content-Type: application/json" on the POST bodies (docs/idp/okta.md §4.1, §0.2).
  Its precondition is that at least one user already exists. Its random names mix upper and lower
  case (given name "Runscope…", family name with one capital, email = username = given + family
  + "@atko.com"), and its filters carry no startIndex/count. "Required" tests are @must,
  "Optional" tests @should; the optional discovery tests of the 2019 revision are @may.

  @must @test-suite
  Scenario: Test 1, Required: Test Users endpoint
    GET /Users?count=1&startIndex=1 must answer 200 with a non-empty ListResponse whose paging fields are numbers and whose first user has an id and a userName (RFC 7643 returns both for every user); the suite also checks that user's active, names and email, which test 2 does here on the precondition user, since on a shared target the first user may be anyone's and active is OPTIONAL (docs/idp/okta.md §4.1 test 1 [T]).
    Given a user "existing" exists
    When Okta's SPEC test sends GET "/Users?count=1&startIndex=1"
    Then the response status is 200
    And the value at "/schemas" contains "urn:ietf:params:scim:api:messages:2.0:ListResponse"
    And the value at "/itemsPerPage" is a number
    And the value at "/startIndex" is a number
    And the value at "/totalResults" is a number
    And the value at "/itemsPerPage" is 1
    And the value at "/Resources" has 1 item
    And the value at "/Resources/0/id" is not empty
    And the value at "/Resources/0/userName" is not empty

  @must @test-suite
  Scenario: Test 2, Required: Get Users/{id}
    GET /Users/{id} of an existing user must answer 200 with the same id and the user's name.familyName, name.givenName, userName, active and emails[0].value; the suite takes the id from test 1, we take the precondition user's so that concurrent clean-ups cannot delete it in between (docs/idp/okta.md §4.1 tests 1 and 2 [T]).
    Given a user "existing" exists
    When Okta's SPEC test sends GET "/Users/{{existing.id}}"
    Then the response status is 200
    And the value at "/id" is "{{existing.id}}"
    And the value at "/name/familyName" is not empty
    And the value at "/name/givenName" is not empty
    And the value at "/userName" is "{{existing.userName}}"
    And the value at "/active" is a boolean
    And the value at "/emails/0/value" is not empty

  @must @test-suite
  Scenario: Test 3, Required: Test invalid User by username
    A filter on a userName nobody has must answer 200 with a ListResponse and totalResults 0, not 404 (docs/idp/okta.md §4.1 test 3 [T], §3 Q8).
    When Okta's SPEC test sends GET "/Users?filter=userName%20eq%20%22abcdefgh%40atko.com%22"
    Then the response status is 200
    And the value at "/schemas" contains "urn:ietf:params:scim:api:messages:2.0:ListResponse"
    And the value at "/totalResults" is 0

  @must @test-suite
  Scenario: Test 4, Required: Test invalid User by ID
    GET of an id that does not exist must answer 404 with a SCIM Error and a non-empty detail (docs/idp/okta.md §4.1 test 4 [T]).
    When Okta's SPEC test sends GET "/Users/010101001010101011001010101011"
    Then the response status is 404
    And the value at "/schemas" contains "urn:ietf:params:scim:api:messages:2.0:Error"
    And the error detail is not empty

  @must @test-suite
  Scenario: Tests 5 to 9, Required: create a realistic user, verify it, recreate it, look it up in capitals
    The random user must not exist (200, totalResults 0); the POST (application/json) must answer 201 with active true, an id, the names and exactly the userName sent; GET must return it; the same POST again must answer 409; the upper-cased filter must answer 200 (docs/idp/okta.md §4.1 tests 5–9 [T], §3 Q30).
    Given the value "Runscope{{run}}" saved as "randomGivenName"
    And the value "Mcallister{{run}}" saved as "randomFamilyName"
    And the value "{{randomGivenName}}{{randomFamilyName}}@atko.com" saved as "randomEmail"
    And the value "{{randomEmail | upper}}" saved as "randomUsernameCaps"
    When Okta's SPEC test sends GET "/Users?filter=userName%20eq%20%22{{randomEmail | pct}}%22"
    Then the response status is 200
    And the value at "/totalResults" is 0
    And the value at "/schemas" contains "urn:ietf:params:scim:api:messages:2.0:ListResponse"
    When Okta's SPEC test sends POST "/Users" with:
      """
      {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"{{randomEmail | json}}","name":{"givenName":"{{randomGivenName | json}}","familyName":"{{randomFamilyName | json}}"},"emails":[{"primary":true,"value":"{{randomEmail | json}}","type":"work"}],"displayName":"{{randomGivenName | json}} {{randomFamilyName | json}}","active":true}
      """
    Then the response status is 201
    And the value at "/active" is true
    And the value at "/id" is not empty
    And the value at "/name/familyName" is "{{randomFamilyName}}"
    And the value at "/name/givenName" is "{{randomGivenName}}"
    And the value at "/schemas" contains "urn:ietf:params:scim:schemas:core:2.0:User"
    And the value at "/userName" is "{{randomEmail}}"
    And the value at "/id" is saved as "idUserOne"
    When Okta's SPEC test sends GET "/Users/{{idUserOne}}"
    Then the response status is 200
    And the value at "/userName" is "{{randomEmail}}"
    And the value at "/name/familyName" is "{{randomFamilyName}}"
    And the value at "/name/givenName" is "{{randomGivenName}}"
    When Okta's SPEC test sends POST "/Users" with:
      """
      {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"{{randomEmail | json}}","name":{"givenName":"{{randomGivenName | json}}","familyName":"{{randomFamilyName | json}}"},"emails":[{"primary":true,"value":"{{randomEmail | json}}","type":"work"}],"displayName":"{{randomGivenName | json}} {{randomFamilyName | json}}","active":true}
      """
    Then the response status is 409
    When Okta's SPEC test sends GET "/Users?filter=userName%20eq%20%22{{randomUsernameCaps | pct}}%22"
    Then the response status is 200

  @should @test-suite
  Scenario: Test 10, Optional: Verify Groups endpoint
    GET /Groups with no parameters must answer 200, and when there is at least one group, Resources must be an array (docs/idp/okta.md §4.1 test 10 [T]).
    Given a group "existing" exists
    When Okta's SPEC test sends GET "/Groups"
    Then the response status is 200
    And the value at "/totalResults" is a number
    And the value at "/Resources" is an array

  @must @test-suite
  Scenario: Test 11, Required: Check status 401
    Test 9's URL with "Authorization: non-token" must answer 401 with a SCIM Error, a non-empty detail and status "401" (docs/idp/okta.md §4.1 test 11 [T]).
    Given the value "RUNSCOPE{{run}}MCALLISTER{{run}}@ATKO.COM" saved as "randomUsernameCaps"
    When Okta's SPEC test sends GET "/Users?filter=userName%20eq%20%22{{randomUsernameCaps | pct}}%22" with the authorization header "non-token"
    Then the response is a SCIM Error with status 401
    And the error detail is not empty

  @must @test-suite
  Scenario: Test 12, Required: Check status 404
    GET /Users/00919288221112222 must answer 404 with a SCIM Error, a non-empty detail and status "404" (docs/idp/okta.md §4.1 test 12 [T]).
    When Okta's SPEC test sends GET "/Users/00919288221112222"
    Then the response is a SCIM Error with status 404
    And the error detail is not empty

  @may @test-suite
  Scenario: 2019 optional discovery test: ServiceProviderConfig
    The 2019 revision read /ServiceProviderConfig and required every capability block and its flags, and refused a POST to it with 405 (docs/idp/okta.md §4.1 history [T]).
    When Okta's SPEC test sends GET "/ServiceProviderConfig"
    Then the response status is 200
    And the value at "/schemas" contains "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"
    And the value at "/patch" is not empty
    And the value at "/bulk" is not empty
    And the value at "/filter" is not empty
    And the value at "/changePassword" is not empty
    And the value at "/sort" is not empty
    And the value at "/etag" is not empty
    And the value at "/authenticationSchemes/0/type" is not empty
    And the value at "/authenticationSchemes/0/description" is not empty
    And the value at "/etag/supported" is a boolean
    And the value at "/sort/supported" is a boolean
    And the value at "/changePassword/supported" is a boolean
    And the value at "/filter/maxResults" is a number
    And the value at "/filter/supported" is a boolean
    And the value at "/bulk/supported" is a boolean
    And the value at "/bulk/maxOperations" is a number
    And the value at "/bulk/maxPayloadSize" is a number
    And the value at "/patch/supported" is a boolean
    When Okta's SPEC test sends POST "/ServiceProviderConfig"
    Then the response status is 405

  @may @test-suite
  Scenario: 2019 optional discovery test: ResourceTypes
    The 2019 revision read /ResourceTypes expecting a ListResponse whose first resource has name, endpoint and schema, and refused a POST with 405 (docs/idp/okta.md §4.1 history [T]).
    When Okta's SPEC test sends GET "/ResourceTypes"
    Then the response status is 200
    And the value at "/schemas" contains "urn:ietf:params:scim:api:messages:2.0:ListResponse"
    And the value at "/Resources/0/name" is not empty
    And the value at "/Resources/0/endpoint" is not empty
    And the value at "/Resources/0/schema" is not empty
    When Okta's SPEC test sends POST "/ResourceTypes"
    Then the response status is 405

  @may @test-suite
  Scenario: 2019 optional discovery test: Schemas
    The 2019 revision read /Schemas expecting a ListResponse whose first resource has id and attributes, and refused a POST with the body "test" with 405 (docs/idp/okta.md §4.1 history [T]).
    When Okta's SPEC test sends GET "/Schemas"
    Then the response status is 200
    And the value at "/schemas" contains "urn:ietf:params:scim:api:messages:2.0:ListResponse"
    And the value at "/Resources/0/id" is not empty
    And the value at "/Resources/0/attributes" is not empty
    When Okta's SPEC test sends POST "/Schemas" with:
      """
      test
      """
    Then the response status is 405
