Feature: Sorting query results
  sortBy and sortOrder (RFC 7644 §3.4.2.3). Sorting is OPTIONAL: these scenarios are skipped when
  /ServiceProviderConfig says sort.supported is false. The three users' userNames differ in case so
  that a case-sensitive sort gives a different order than the case-insensitive one userName calls for.

  Background:
    Given a user "alpha" exists with:
      """
      {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "userName": "{{run}}.alpha@example.com",
        "name": {"givenName": "Alpha", "familyName": "Young"}
      }
      """
    And a user "bravo" exists with:
      """
      {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "userName": "{{run}}.Bravo@example.com",
        "name": {"givenName": "Bravo", "familyName": "Xavier"}
      }
      """
    And a user "charlie" exists with:
      """
      {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "userName": "{{run}}.Charlie@example.com",
        "name": {"givenName": "Charlie", "familyName": "Zimmer"}
      }
      """
    And the value "userName sw \"{{run}}.\"" saved as "filter"

  @protocol @rfc7644-3.4.2.3 @capability-sort @capability-filter @may
  Scenario: sortBy userName ascending ignores case
    RFC 7644 §3.4.2.3: sortBy names the attribute whose value SHALL order the results; strings sort case-insensitively unless the attribute is caseExact, and userName is not (RFC 7643 §4.1.1).
    When the client sends GET "/Users?filter={{filter | pct}}&sortBy=userName&sortOrder=ascending"
    Then the response status is 200
    And the value at "/totalResults" is 3
    And the resources are sorted by "/userName" ascending
    And the value at "/Resources/0/id" is "{{alpha.id}}"
    And the value at "/Resources/1/id" is "{{bravo.id}}"
    And the value at "/Resources/2/id" is "{{charlie.id}}"

  @protocol @rfc7644-3.4.2.3 @capability-sort @capability-filter @may
  Scenario: sortOrder descending reverses the order
    RFC 7644 §3.4.2.3: sortOrder "descending" orders the results from the highest value to the lowest.
    When the client sends GET "/Users?filter={{filter | pct}}&sortBy=userName&sortOrder=descending"
    Then the response status is 200
    And the resources are sorted by "/userName" descending
    And the value at "/Resources/0/id" is "{{charlie.id}}"
    And the value at "/Resources/2/id" is "{{alpha.id}}"

  @protocol @rfc7644-3.4.2.3 @capability-sort @capability-filter @may
  Scenario: sortOrder defaults to ascending
    RFC 7644 §3.4.2.3: if sortBy is given without sortOrder, sortOrder SHALL default to ascending.
    When the client sends GET "/Users?filter={{filter | pct}}&sortBy=userName"
    Then the response status is 200
    And the resources are sorted by "/userName" ascending
    And the value at "/Resources/0/id" is "{{alpha.id}}"
    And the value at "/Resources/2/id" is "{{charlie.id}}"

  @protocol @rfc7644-3.4.2.3 @capability-sort @capability-filter @may
  Scenario: sortBy a sub-attribute
    RFC 7644 §3.4.2.3 with §3.10: sortBy takes an attribute path such as name.familyName.
    When the client sends GET "/Users?filter={{filter | pct}}&sortBy=name.familyName&sortOrder=ascending"
    Then the response status is 200
    And the resources are sorted by "/name/familyName" ascending
    And the value at "/Resources/0/id" is "{{bravo.id}}"
    And the value at "/Resources/1/id" is "{{alpha.id}}"
    And the value at "/Resources/2/id" is "{{charlie.id}}"

  @protocol @rfc7644-3.4.2.3 @rfc7644-3.4.2.4 @capability-sort @capability-filter @may
  Scenario: Sorting applies before paging
    RFC 7644 §3.4.2.3 and §3.4.2.4: the sorted result is what startIndex and count page through.
    When the client sends GET "/Users?filter={{filter | pct}}&sortBy=userName&sortOrder=descending&startIndex=2&count=2"
    Then the response status is 200
    And the value at "/totalResults" is 3
    And the value at "/Resources" has 2 items
    And the value at "/Resources/0/id" is "{{bravo.id}}"
    And the value at "/Resources/1/id" is "{{alpha.id}}"

  @protocol @rfc7644-3.4.2.3 @rfc7643-2.1 @capability-sort @capability-filter @may
  Scenario: sortBy names an attribute in any case
    RFC 7643 §2.1: attribute names are case insensitive, so sortBy=NAME.FAMILYNAME sorts like name.familyName.
    When the client sends GET "/Users?filter={{filter | pct}}&sortBy=NAME.FAMILYNAME&sortOrder=descending"
    Then the response status is 200
    And the resources are sorted by "/name/familyName" descending
    And the value at "/Resources/0/id" is "{{charlie.id}}"
    And the value at "/Resources/2/id" is "{{bravo.id}}"
