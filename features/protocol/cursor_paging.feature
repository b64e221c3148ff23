Feature: Cursor paging
  RFC 9865: cursor and count on lists, nextCursor / previousCursor in the ListResponse, the errors
  of §2.1. Each scenario walks its own five users (userName sw "{{run}}.walk-"). Skipped when the
  target does not declare pagination.cursor = true in /ServiceProviderConfig.

  Background:
    Given 5 users named "walk" exist
    And the value "userName sw \"{{run}}.walk-\"" saved as "filter"

  @protocol @rfc9865-2 @capability-cursor @capability-filter @must
  Scenario: A cursor walk returns every match once and ends without nextCursor
    RFC 9865 §2: nextCursor MUST be in every page but the last and MUST be omitted only there; previousCursor MUST NOT be returned with the first page; no page holds more than count.
    When the client sends GET "/Users?filter={{filter | pct}}&cursor=&count=2"
    Then the response status is 200
    And the response is a ListResponse of Users
    And the value at "/Resources" has 2 items
    And the value at "/nextCursor" is a string
    And the value at "/previousCursor" is absent
    When the client walks "/Users?filter={{filter | pct}}&count=2" by cursor
    Then the walk saw each of the users "walk-1, walk-2, walk-3, walk-4, walk-5" that still exist exactly once, and nothing twice

  @protocol @rfc9865-2 @capability-cursor @capability-filter @should
  Scenario: A cursor walk neither repeats nor skips while users are created and deleted
    RFC 9865 §1: a cursor resumes the underlying result where the last page ended, so users deleted or created during the walk do not shift it: no resource twice, none skipped that existed throughout.
    When the client walks "/Users?filter={{filter | pct}}&sortBy=userName&count=2" by cursor, deleting the first user of page 1 and creating user "walk-0" after page 2
    Then the walk saw each of the users "walk-1, walk-2, walk-3, walk-4, walk-5" that still exist exactly once, and nothing twice

  @protocol @rfc9865-3 @capability-cursor @capability-filter @should
  Scenario: POST .search takes the cursor in its body
    RFC 9865 §3: a SearchRequest carries cursor and count in the body, and the response carries nextCursor.
    When the client sends POST "/Users/.search" with:
      """
      {"schemas": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
       "filter": "userName sw \"{{run}}.walk-\"", "cursor": "", "count": 2}
      """
    Then the response status is 200
    And the value at "/Resources" has 2 items
    And the value at "/nextCursor" is a string

  @protocol @rfc9865-2.1 @capability-cursor @should
  Scenario: A cursor the server never issued is 400 invalidCursor
    RFC 9865 §2.1: an invalid cursor value is answered with 400 and scimType invalidCursor.
    When the client sends GET "/Users?cursor={{run}}NotACursor&count=2"
    Then the response is a SCIM Error with status 400 and scimType "invalidCursor"
