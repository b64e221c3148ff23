Feature: Querying with POST /.search
  RFC 7644 §3.4.3: a query may be sent as a POST of a SearchRequest to "/.search" under a resource
  type endpoint or under the server root, with the same parameters a GET query takes.

  Background:
    Given a user "alice" exists with:
      """
      {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "userName": "{{run}}.alice@example.com",
        "displayName": "{{run}} Alice",
        "name": {"givenName": "Alice", "familyName": "Search"},
        "title": "Engineer"
      }
      """
    And a user "bob" exists with:
      """
      {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "userName": "{{run}}.bob@example.com",
        "displayName": "{{run}} Bob",
        "name": {"givenName": "Bob", "familyName": "Search"},
        "title": "Manager"
      }
      """

  @protocol @rfc7644-3.4.3 @capability-filter @should
  Scenario: POST /Users/.search runs the query in the body
    RFC 7644 §3.4.3: a POST to /.search on a resource type endpoint SHALL be treated as a query, with the SearchRequest's filter applied as in §3.4.2.2.
    When the client sends POST "/Users/.search" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
        "filter": "userName sw \"{{run}}.\" and title eq \"Engineer\""
      }
      """
    Then the response status is 200
    And the response is a ListResponse of Users
    And the value at "/totalResults" is 1
    And the value at "/Resources/0/id" is "{{alice.id}}"

  @protocol @rfc7644-3.4.3 @capability-filter @should
  Scenario: A SearchRequest pages, and limits the attributes returned
    RFC 7644 §3.4.3: the SearchRequest carries startIndex, count and attributes with the meaning they have as query parameters (§3.4.2.4, §3.4.2.5).
    When the client sends POST "/Users/.search" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
        "filter": "userName sw \"{{run}}.\"",
        "attributes": ["userName"],
        "startIndex": 1,
        "count": 1
      }
      """
    Then the response status is 200
    And the value at "/totalResults" is 2
    And the value at "/itemsPerPage" is 1
    And the value at "/Resources" has 1 item
    And every resource has the value at "/id" present
    And every resource has the value at "/userName" present
    And every resource has the value at "/name" absent
    And every resource has the value at "/title" absent

  @protocol @rfc7644-3.4.3 @capability-filter @should
  Scenario: A SearchRequest may exclude attributes
    RFC 7644 §3.4.3: the SearchRequest's excludedAttributes has the meaning of the query parameter (§3.4.2.5).
    When the client sends POST "/Users/.search" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
        "filter": "userName sw \"{{run}}.\"",
        "excludedAttributes": ["name", "title"]
      }
      """
    Then the response status is 200
    And the value at "/totalResults" is 2
    And every resource has the value at "/userName" present
    And every resource has the value at "/name" absent
    And every resource has the value at "/title" absent

  @protocol @rfc7644-3.4.3 @rfc7644-3.4.2.3 @capability-filter @capability-sort @may
  Scenario: A SearchRequest may sort
    RFC 7644 §3.4.3: the SearchRequest's sortBy and sortOrder have the meaning of the query parameters (§3.4.2.3).
    When the client sends POST "/Users/.search" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
        "filter": "userName sw \"{{run}}.\"",
        "sortBy": "userName",
        "sortOrder": "descending"
      }
      """
    Then the response status is 200
    And the resources are sorted by "/userName" descending
    And the value at "/Resources/0/id" is "{{bob.id}}"

  @protocol @rfc7644-3.4.3 @capability-filter @should
  Scenario: POST /.search at the root searches every resource type
    RFC 7644 §3.4.3 with §3.4.2.1: a search at the server root covers all resources of all types, subject to the filter.
    Given a group "search" exists
    When the client sends POST "/.search" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
        "filter": "displayName sw \"{{run}} \""
      }
      """
    Then the response status is 200
    And the response is a valid ListResponse
    And the value at "/totalResults" is 3
    And the value at "/Resources" contains {"id": "{{alice.id}}", "meta": {"resourceType": "User"}}
    And the value at "/Resources" contains {"id": "{{bob.id}}", "meta": {"resourceType": "User"}}
    And the value at "/Resources" contains {"id": "{{search.id}}", "meta": {"resourceType": "Group"}}

  @protocol @rfc7644-3.4.2.1 @capability-filter @may
  Scenario: GET at the server root queries every resource type
    RFC 7644 §3.4.2.1: queries MAY be performed against the server root, and then all resources of the server SHALL be included, subject to the filter.
    Given a group "search" exists
    And the value "displayName sw \"{{run}} \"" saved as "filter"
    When the client sends GET "/?filter={{filter | pct}}"
    Then the response status is 200
    And the response is a valid ListResponse
    And the value at "/totalResults" is 3
    And the value at "/Resources" contains {"id": "{{alice.id}}"}
    And the value at "/Resources" contains {"id": "{{search.id}}"}

  @protocol @rfc7644-3.4.3 @rfc7644-3.12 @capability-filter @should
  Scenario: An invalid filter in a SearchRequest is a 400 invalidFilter
    RFC 7644 §3.12 Table 9: invalidFilter applies to POST searches as it does to GET queries.
    When the client sends POST "/Users/.search" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
        "filter": "userName eq"
      }
      """
    Then the response is a SCIM Error with status 400 and scimType "invalidFilter"
