@okta
Feature: Okta imports users and groups page by page
  "Import Now" (or a scheduled import) reads GET /Users?startIndex=1&count=100, then 101, 201, …
  until totalResults is reached; "Refresh App Groups" and group imports read /Groups the same way
  (docs/idp/okta.md §1.9, §1.10). Paging numbers are JSON integers, itemsPerPage is the size of the page
  actually returned, and the order is stable across pages whatever the count (§3 Q9).
  Other scenarios may add users on a shared target at the same time, so these checks rely only on
  users this scenario created and on pages that are certain to be full or certain to be empty.

  @must @documented
  Scenario: Import users reads the first page of 100
    Okta imports with GET /Users?startIndex=1&count=100 and needs a 200 ListResponse of users with numeric paging fields (docs/idp/okta.md §1.9 [D], §3 Q9).
    Given 3 users named "imported" exist
    When Okta sends GET "/Users?startIndex=1&count=100"
    Then the response status is 200
    And the response is a ListResponse of Users
    And the value at "/startIndex" is 1
    And the value at "/totalResults" is a number
    And the value at "/itemsPerPage" is a number
    And the value at "/Resources/0/id" is not empty
    And every resource has the value at "/id" present
    And every resource has the value at "/userName" present
    And every resource has the value at "/password" absent

  @must @documented
  Scenario: Import users with a small page size; a full page holds count users
    Okta walks pages by startIndex and count, and itemsPerPage must equal the number of resources actually on the page; on this unscoped listing every page is full, the partial last page is checked by "Paging through a known set" below (docs/idp/okta.md §1.9 [D][O], §3 Q9, §4.5).
    Given 3 users named "imported" exist
    When Okta sends GET "/Users?startIndex=1&count=2"
    Then the response status is 200
    And the response is a ListResponse of Users
    And the value at "/startIndex" is 1
    And the value at "/itemsPerPage" is 2
    And the value at "/Resources" has 2 items
    When Okta sends GET "/Users?startIndex=2&count=1"
    Then the response status is 200
    And the value at "/startIndex" is 2
    And the value at "/itemsPerPage" is 1
    And the value at "/Resources" has 1 item

  @must @documented
  Scenario: The order of users is stable across pages whatever the count
    Okta pages with startIndex/count and requires a stable order regardless of count: the second and third users of a 3-wide page are the only users of the 1-wide pages at 2 and 3; the userName sw filter is ours, so that other scenarios' users cannot shift the pages (docs/idp/okta.md §1.9 [D], §3 Q9).
    Given 3 users named "imported" exist
    When Okta sends GET "/Users?filter=userName%20sw%20%22{{run | pct}}.imported-%22&startIndex=1&count=3"
    Then the response status is 200
    And the value at "/Resources" has 3 items
    And the response is saved as "wide"
    When Okta sends GET "/Users?filter=userName%20sw%20%22{{run | pct}}.imported-%22&startIndex=2&count=1"
    Then the response status is 200
    And the value at "/Resources/0/id" is "{{wide.Resources.1.id}}"
    When Okta sends GET "/Users?filter=userName%20sw%20%22{{run | pct}}.imported-%22&startIndex=3&count=1"
    Then the response status is 200
    And the value at "/Resources/0/id" is "{{wide.Resources.2.id}}"
    When Okta sends GET "/Users?filter=userName%20sw%20%22{{run | pct}}.imported-%22&startIndex=1&count=1"
    Then the response status is 200
    And the value at "/Resources/0/id" is "{{wide.Resources.0.id}}"

  @should @documented
  Scenario: Paging through a known set: the last page is partial and totalResults stays the same
    Okta pages with startIndex and count until totalResults is reached, so totalResults must not change from page to page and the last page's itemsPerPage must be its real size; the userName sw filter is ours, to know the total on a shared target (docs/idp/okta.md §1.9 [D][O], §3 Q9).
    Given 3 users named "imported" exist
    When Okta sends GET "/Users?filter=userName%20sw%20%22{{run | pct}}.imported-%22&startIndex=1&count=2"
    Then the response status is 200
    And the value at "/totalResults" is 3
    And the value at "/startIndex" is 1
    And the value at "/itemsPerPage" is 2
    And the value at "/Resources" has 2 items
    When Okta sends GET "/Users?filter=userName%20sw%20%22{{run | pct}}.imported-%22&startIndex=3&count=2"
    Then the response status is 200
    And the value at "/totalResults" is 3
    And the value at "/startIndex" is 3
    And the value at "/itemsPerPage" is 1
    And the value at "/Resources" has 1 item
    When Okta sends GET "/Users?filter=userName%20sw%20%22{{run | pct}}.imported-%22&startIndex=4&count=2"
    Then the response status is 200
    And the value at "/totalResults" is 3
    And the value at "/itemsPerPage" is 0
    And the value at "/Resources/0" is absent

  @must @observed
  Scenario: A page past the end has itemsPerPage 0
    Okta QA blocked an integration that answered a page past the end with itemsPerPage 100 and no resources; itemsPerPage must be the real count, here 0 (docs/idp/okta.md §1.9 [O] ory/polis PR #4054, §4.7).
    Given a user "alice" exists
    When Okta sends GET "/Users?startIndex=100000001&count=100"
    Then the response status is 200
    And the response is a ListResponse of Users
    And the value at "/itemsPerPage" is 0
    And the value at "/totalResults" is a number
    And the value at "/Resources/0" is absent

  @must @documented
  Scenario: Inactive users are still listed for the import to skip
    Okta itself skips users with active false on import, so the server must list them with active false rather than hide them (docs/idp/okta.md §1.9 [D], §3 Q16 Q23).
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
    When Okta sends GET "/Users?filter=userName%20eq%20%22{{alice.userName | pct}}%22&startIndex=1&count=100"
    Then the response status is 200
    And the value at "/totalResults" is 1
    And the value at "/Resources/0/active" is false

  @must @documented
  Scenario: Import groups reads the groups with id and displayName
    Group import and "Refresh App Groups" read GET /Groups?startIndex=1&count=100 and need a ListResponse of groups with id and displayName; members are optional (docs/idp/okta.md §1.10 [D]).
    Given a user "alice" exists
    And a group "imported" exists with members "alice"
    When Okta sends GET "/Groups?startIndex=1&count=100"
    Then the response status is 200
    And the response is a ListResponse of Groups
    And the value at "/startIndex" is 1
    And the value at "/totalResults" is a number
    And the value at "/itemsPerPage" is a number
    And the value at "/Resources/0/id" is not empty
    And every resource has the value at "/id" present
    And every resource has the value at "/displayName" present

  @must @documented
  Scenario: Import groups page by page
    Group import pages like user import, with itemsPerPage equal to the real page size (docs/idp/okta.md §1.10 [D], §3 Q9).
    Given a group "first" exists
    And a group "second" exists
    When Okta sends GET "/Groups?startIndex=1&count=1"
    Then the response status is 200
    And the response is a ListResponse of Groups
    And the value at "/itemsPerPage" is 1
    And the value at "/Resources" has 1 item
    When Okta sends GET "/Groups?startIndex=2&count=1"
    Then the response status is 200
    And the value at "/startIndex" is 2
    And the value at "/itemsPerPage" is 1
    And the value at "/Resources" has 1 item
