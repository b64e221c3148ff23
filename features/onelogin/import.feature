@onelogin
Feature: OneLogin lists users and groups page by page
  For reconciliation OneLogin reads GET /Users?count=100&startIndex=1, then startIndex=101 and so on
  until totalResults is reached, and before membership changes it reads the groups the same way
  (docs/idp/onelogin.md §1.7, §2.1). The server must echo startIndex, itemsPerPage and totalResults.

  @onelogin-v2-core @must @observed
  Scenario: Get Users pages by 100 and the paging fields are echoed
    The replay test's "should sync users (with correct paging)" reads pages of 100 from startIndex 1, then 101 (docs/idp/onelogin.md §1.7 [O]; RFC 7644 §3.4.2.4).
    Given 3 users named "sync" exist
    When OneLogin sends GET "/Users?count=100&startIndex=1"
    Then the response status is 200
    And the response is a ListResponse of Users
    And the value at "/startIndex" is 1
    And the value at "/totalResults" is a number
    And the value at "/itemsPerPage" is a number
    When OneLogin sends GET "/Users?count=100&startIndex=101"
    Then the response status is 200
    And the response is a ListResponse of Users
    And the value at "/startIndex" is 101

  @onelogin-v2-core @onelogin-groups-on @must @observed
  Scenario: Group discovery reads the groups with id and displayName
    With the Groups parameter included in provisioning, OneLogin's "Refresh Entitlements" (and every membership change) reads GET /Groups?count=100&startIndex=1 and needs each group's id and displayName (docs/idp/onelogin.md §2.1 [O]).
    Given a group "engineering" exists
    When OneLogin sends GET "/Groups?count=100&startIndex=1"
    Then the response status is 200
    And the response is a ListResponse of Groups
    And the value at "/startIndex" is 1
    And every resource has the value at "/id" present
    And every resource has the value at "/displayName" present
