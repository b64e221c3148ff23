@rippling
Feature: Rippling tests the connection and matches existing accounts when the app is installed
  The install flow validates the bearer token and base URL (docs/idp/rippling.md §1.1); one
  low-confidence guide says the test reads /ServiceProviderConfig, so it must be served, and a
  wrong token must be a 401 SCIM Error. Then "Match existing users or create a new application
  account" reads the app's user list: paged with startIndex/count when "Supports Pagination" is
  ticked (`@rippling-paged`), one unpaged GET otherwise (`@rippling-unpaged`, §1.2, §3 R4). No
  Rippling request has been published: every scenario here is `@inferred`.

  @should @inferred
  Scenario: The connection test may read the ServiceProviderConfig, which advertises PATCH truthfully
    A weak third-party claim says Rippling's test connection reads /ServiceProviderConfig; it must answer 200 with a patch.supported flag that the server honours (docs/idp/rippling.md §1.1 [O-weak], §3 R8 R9).
    When Rippling sends GET "/ServiceProviderConfig"
    Then the response status is 200
    And the response is a valid ServiceProviderConfig
    And the value at "/patch/supported" is a boolean
    When Rippling sends GET "/Schemas"
    Then the response status is 200
    And the response is a valid ListResponse

  @should @inferred
  Scenario: A wrong token fails the connection test with a 401 SCIM Error
    The admin pastes the bearer token during install and Rippling tests it; a wrong one must be refused with 401 and a SCIM Error (docs/idp/rippling.md §1.1 [O] flow, [I] request, §0.3).
    When Rippling sends GET "/Users?startIndex=1&count=1" with the authorization header "Bearer wrong-{{run}}"
    Then the response is a SCIM Error with status 401
    And the error detail is not empty

  @should @inferred @rippling-paged
  Scenario: With Supports Pagination, account matching pages through the users by startIndex and count
    Matching with pagination reads GET /Users?startIndex=1&count=N and follows totalResults; each page must report startIndex, itemsPerPage and totalResults as numbers and hold at most count users with id, userName and active (docs/idp/rippling.md §1.2 [O] step, [I] request, §3 R4).
    Given 3 users named "emp" exist
    When Rippling sends GET "/Users?startIndex=1&count=2"
    Then the response status is 200
    And the response is a ListResponse of Users
    And the value at "/startIndex" is 1
    And the value at "/itemsPerPage" is 2
    And the value at "/Resources" has 2 items
    And the value at "/totalResults" is a number
    And every resource has the value at "/id" present
    And every resource has the value at "/userName" present
    When Rippling sends GET "/Users?startIndex=3&count=2"
    Then the response status is 200
    And the response is a ListResponse of Users
    And the value at "/startIndex" is 3
    And the value at "/itemsPerPage" is a number

  @should @inferred @rippling-unpaged
  Scenario: Without Supports Pagination, one unpaged GET returns the app's users
    With pagination off Rippling expects everything in one response, so a GET /Users without paging parameters must list the existing accounts with their ids and a truthful totalResults (docs/idp/rippling.md §1.2 [I], §3 R4).
    Given a user "alice" exists
    And a user "bob" exists
    When Rippling sends GET "/Users"
    Then the response status is 200
    And the response is a ListResponse of Users
    And the value at "/totalResults" is a number
    And the value at "/Resources" contains {"id": "{{alice.id}}", "userName": "{{alice.userName}}", "active": true}
    And the value at "/Resources" contains {"id": "{{bob.id}}", "userName": "{{bob.userName}}"}
    And every resource has the value at "/id" present

  @should @inferred @rippling-unpaged
  Scenario: Deactivated accounts are still listed for matching, with active false
    A former employee's deactivated account must stay in the list with active false, so that matching and a later rehire find it instead of creating a second account (docs/idp/rippling.md §1.2 [I], §1.6 [O] Jaapi, §3 R6).
    Given a user "former" exists with:
      """
      {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"{{run}}.former@example.com",
       "externalId":"emp-{{run}}-77","active":false}
      """
    When Rippling sends GET "/Users"
    Then the response status is 200
    And the value at "/Resources" contains {"id": "{{former.id}}", "active": false}
    When Rippling sends GET "/Users?filter=externalId%20eq%20%22emp-{{run}}-77%22"
    Then the response status is 200
    And the value at "/totalResults" is 1
    And the value at "/Resources/0/active" is false
