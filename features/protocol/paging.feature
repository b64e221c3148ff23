Feature: Paging query results
  startIndex and count (RFC 7644 §3.4.2.4) and the ListResponse attributes totalResults, itemsPerPage
  and startIndex (RFC 7644 §3.4.2). Each scenario pages through its own five users, selected with
  userName sw "{{run}}.page-" because other scenarios run against the same server at the same time.

  Background:
    Given 5 users named "page" exist
    And the value "userName sw \"{{run}}.page-\"" saved as "filter"

  @protocol @rfc7644-3.4.2.4 @capability-filter @must
  Scenario: totalResults counts every match while count limits the page
    RFC 7644 §3.4.2.4: the server MUST NOT return more results than count; RFC 7644 §3.4.2: totalResults is the number of all results, itemsPerPage the number in this page.
    When the client sends GET "/Users?filter={{filter | pct}}&startIndex=1&count=2"
    Then the response status is 200
    And the response is a ListResponse of Users
    And the value at "/totalResults" is 5
    And the value at "/itemsPerPage" is 2
    And the value at "/startIndex" is 1
    And the value at "/Resources" has 2 items

  @protocol @rfc7644-3.4.2.4 @capability-filter @must
  Scenario: The last page holds what is left
    RFC 7644 §3.4.2: itemsPerPage is the number of resources actually returned in this page, and startIndex the 1-based index of its first result.
    When the client sends GET "/Users?filter={{filter | pct}}&startIndex=5&count=2"
    Then the response status is 200
    And the value at "/totalResults" is 5
    And the value at "/itemsPerPage" is 1
    And the value at "/startIndex" is 5
    And the value at "/Resources" has 1 item

  @protocol @rfc7644-3.4.2.4 @capability-filter @must
  Scenario: A count larger than the matches returns them all
    RFC 7644 §3.4.2.4: count is the desired maximum; a page holds every match when there are fewer, and itemsPerPage says how many.
    When the client sends GET "/Users?filter={{filter | pct}}&count=100"
    Then the response status is 200
    And the value at "/totalResults" is 5
    And the value at "/Resources" has 5 items
    And the value at "/itemsPerPage" is 5

  @protocol @rfc7644-3.4.2.4 @capability-filter @should
  Scenario: Pages follow one stable order
    RFC 7644 §3.4.2.4: clients "page through" results with startIndex and count; while nothing changes, consecutive pages must concatenate to the full result without repeats or gaps.
    When the client sends GET "/Users?filter={{filter | pct}}&startIndex=1&count=5"
    Then the response status is 200
    And the value at "/Resources" has 5 items
    And the value at "/Resources/0/id" is saved as "first"
    And the value at "/Resources/1/id" is saved as "second"
    And the value at "/Resources/2/id" is saved as "third"
    And the value at "/Resources/3/id" is saved as "fourth"
    And the value at "/Resources/4/id" is saved as "fifth"
    When the client sends GET "/Users?filter={{filter | pct}}&startIndex=1&count=2"
    Then the value at "/Resources/0/id" is "{{first}}"
    And the value at "/Resources/1/id" is "{{second}}"
    When the client sends GET "/Users?filter={{filter | pct}}&startIndex=3&count=2"
    Then the value at "/Resources/0/id" is "{{third}}"
    And the value at "/Resources/1/id" is "{{fourth}}"
    When the client sends GET "/Users?filter={{filter | pct}}&startIndex=5&count=2"
    Then the value at "/Resources" has 1 item
    And the value at "/Resources/0/id" is "{{fifth}}"

  @protocol @rfc7644-3.4.2.4 @capability-filter @must
  Scenario: startIndex 0 is treated as 1
    RFC 7644 §3.4.2.4: a startIndex less than 1 SHALL be interpreted as 1.
    When the client sends GET "/Users?filter={{filter | pct}}&startIndex=1&count=2"
    Then the value at "/Resources/0/id" is saved as "first"
    When the client sends GET "/Users?filter={{filter | pct}}&startIndex=0&count=2"
    Then the response status is 200
    And the value at "/totalResults" is 5
    And the value at "/startIndex" is 1
    And the value at "/Resources" has 2 items
    And the value at "/Resources/0/id" is "{{first}}"

  @protocol @rfc7644-3.4.2.4 @capability-filter @must
  Scenario: A negative startIndex is treated as 1
    RFC 7644 §3.4.2.4: a startIndex less than 1 SHALL be interpreted as 1.
    When the client sends GET "/Users?filter={{filter | pct}}&startIndex=1&count=2"
    Then the value at "/Resources/0/id" is saved as "first"
    When the client sends GET "/Users?filter={{filter | pct}}&startIndex=-4&count=2"
    Then the response status is 200
    And the value at "/startIndex" is 1
    And the value at "/Resources" has 2 items
    And the value at "/Resources/0/id" is "{{first}}"

  @protocol @rfc7644-3.4.2.4 @capability-filter @must
  Scenario: A startIndex past the end returns no resources but the total
    RFC 7644 §3.4.2.4: results start at startIndex, so past the last match the page is empty, while totalResults still counts every match (RFC 7644 §3.4.2).
    When the client sends GET "/Users?filter={{filter | pct}}&startIndex=10&count=2"
    Then the response status is 200
    And the response is a valid ListResponse
    And the value at "/totalResults" is 5
    And the value at "/itemsPerPage" is 0
    And the value at "/Resources/0" is absent

  @protocol @rfc7644-3.4.2.4 @capability-filter @must
  Scenario: count=0 returns only the total
    RFC 7644 §3.4.2.4: a count of 0 indicates that no resource results are to be returned except for totalResults.
    When the client sends GET "/Users?filter={{filter | pct}}&count=0"
    Then the response status is 200
    And the response is a valid ListResponse
    And the value at "/totalResults" is 5
    And the value at "/Resources/0" is absent

  @protocol @rfc7644-3.4.2.4 @capability-filter @must
  Scenario: A negative count is treated as 0
    RFC 7644 §3.4.2.4: a negative count SHALL be interpreted as 0, which returns only totalResults.
    When the client sends GET "/Users?filter={{filter | pct}}&count=-1"
    Then the response status is 200
    And the value at "/totalResults" is 5
    And the value at "/Resources/0" is absent
