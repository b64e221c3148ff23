Feature: Filtering queries
  The filter query parameter of RFC 7644 §3.4.2.2: every comparison operator, logical operators and
  grouping, value paths, sub-attributes, URN-qualified names, case rules and error handling.
  Every filter is restricted to this scenario's users with userName sw "{{run}}." because other
  scenarios run against the same server at the same time.

  Background:
    Given a user "ann" exists with:
      """
      {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "userName": "{{run}}.ann@example.com",
        "externalId": "ext-{{run}}-ann",
        "name": {"givenName": "Ann", "familyName": "Archer"},
        "displayName": "Ann Archer",
        "nickName": "annie",
        "title": "Engineer",
        "active": true,
        "emails": [
          {"value": "ann@work.example.com", "type": "work", "primary": true},
          {"value": "ann@home.example.org", "type": "home"}
        ]
      }
      """
    And a user "bob" exists with:
      """
      {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "userName": "{{run}}.bob@example.com",
        "externalId": "ext-{{run}}-bob",
        "name": {"givenName": "Bob", "familyName": "Baker"},
        "displayName": "Bob Baker",
        "title": "Manager",
        "active": false,
        "emails": [{"value": "bob@work.example.com", "type": "work", "primary": true}]
      }
      """
    And a user "cyd" exists with:
      """
      {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "userName": "{{run}}.cyd@example.com",
        "externalId": "ext-{{run}}-cyd",
        "name": {"givenName": "Cyd", "familyName": "Carter"},
        "displayName": "Cyd Carter",
        "title": "Engineering Manager",
        "active": true,
        "emails": [{"value": "cyd@home.example.org", "type": "home", "primary": true}]
      }
      """

  @protocol @rfc7644-3.4.2.2 @capability-filter @must
  Scenario: eq matches the identical value
    RFC 7644 §3.4.2.2: eq matches when the attribute value and the operator value are identical.
    Given the value "userName eq \"{{run}}.ann@example.com\"" saved as "filter"
    When the client sends GET "/Users?filter={{filter | pct}}"
    Then the response status is 200
    And the response is a valid ListResponse
    And the value at "/totalResults" is 1
    And the value at "/Resources" has 1 item
    And the value at "/Resources" contains {"id": "{{ann.id}}"}

  @protocol @rfc7644-3.4.2.2 @capability-filter @must
  Scenario: eq on id finds exactly that resource
    RFC 7644 §3.4.2.2 with RFC 7643 §3.1: id is a filterable, case-exact string; eq on it returns the one resource.
    Given the value "id eq \"{{ann.id}}\"" saved as "filter"
    When the client sends GET "/Users?filter={{filter | pct}}"
    Then the response status is 200
    And the response is a valid ListResponse
    And the value at "/totalResults" is 1
    And the value at "/Resources" has 1 item
    And the value at "/Resources" contains {"id": "{{ann.id}}"}

  @protocol @rfc7644-3.4.2.2 @capability-filter @must
  Scenario: ne matches every other value
    RFC 7644 §3.4.2.2: ne matches when the attribute value is not identical to the operator value.
    Given the value "userName sw \"{{run}}.\" and title ne \"Engineer\"" saved as "filter"
    When the client sends GET "/Users?filter={{filter | pct}}"
    Then the response status is 200
    And the response is a valid ListResponse
    And the value at "/totalResults" is 2
    And the value at "/Resources" has 2 items
    And the value at "/Resources" contains {"id": "{{bob.id}}"}
    And the value at "/Resources" contains {"id": "{{cyd.id}}"}

  @protocol @rfc7644-3.4.2.2 @capability-filter @must
  Scenario: co matches a substring
    RFC 7644 §3.4.2.2: co matches when the operator value is a substring of the attribute value.
    Given the value "userName sw \"{{run}}.\" and title co \"Manager\"" saved as "filter"
    When the client sends GET "/Users?filter={{filter | pct}}"
    Then the response status is 200
    And the response is a valid ListResponse
    And the value at "/totalResults" is 2
    And the value at "/Resources" has 2 items
    And the value at "/Resources" contains {"id": "{{bob.id}}"}
    And the value at "/Resources" contains {"id": "{{cyd.id}}"}

  @protocol @rfc7644-3.4.2.2 @capability-filter @must
  Scenario: sw matches a prefix
    RFC 7644 §3.4.2.2: sw matches when the attribute value begins with the operator value.
    Given the value "userName sw \"{{run}}.\" and title sw \"Engineer\"" saved as "filter"
    When the client sends GET "/Users?filter={{filter | pct}}"
    Then the response status is 200
    And the response is a valid ListResponse
    And the value at "/totalResults" is 2
    And the value at "/Resources" has 2 items
    And the value at "/Resources" contains {"id": "{{ann.id}}"}
    And the value at "/Resources" contains {"id": "{{cyd.id}}"}

  @protocol @rfc7644-3.4.2.2 @capability-filter @must
  Scenario: ew matches a suffix
    RFC 7644 §3.4.2.2: ew matches when the attribute value ends with the operator value.
    Given the value "userName sw \"{{run}}.\" and title ew \"Manager\"" saved as "filter"
    When the client sends GET "/Users?filter={{filter | pct}}"
    Then the response status is 200
    And the response is a valid ListResponse
    And the value at "/totalResults" is 2
    And the value at "/Resources" has 2 items
    And the value at "/Resources" contains {"id": "{{bob.id}}"}
    And the value at "/Resources" contains {"id": "{{cyd.id}}"}

  @protocol @rfc7644-3.4.2.2 @capability-filter @must
  Scenario: pr matches attributes that have a value
    RFC 7644 §3.4.2.2: pr matches when the attribute has a non-empty value.
    Given the value "userName sw \"{{run}}.\" and nickName pr" saved as "filter"
    When the client sends GET "/Users?filter={{filter | pct}}"
    Then the response status is 200
    And the response is a valid ListResponse
    And the value at "/totalResults" is 1
    And the value at "/Resources" has 1 item
    And the value at "/Resources" contains {"id": "{{ann.id}}"}

  @protocol @rfc7644-3.4.2.2 @capability-filter @must
  Scenario: gt compares strings lexicographically
    RFC 7644 §3.4.2.2: gt matches when the attribute value is greater; strings compare lexicographically.
    Given the value "userName sw \"{{run}}.\" and name.familyName gt \"Baker\"" saved as "filter"
    When the client sends GET "/Users?filter={{filter | pct}}"
    Then the response status is 200
    And the response is a valid ListResponse
    And the value at "/totalResults" is 1
    And the value at "/Resources" has 1 item
    And the value at "/Resources" contains {"id": "{{cyd.id}}"}

  @protocol @rfc7644-3.4.2.2 @capability-filter @must
  Scenario: ge includes the equal value
    RFC 7644 §3.4.2.2: ge matches when the attribute value is greater than or equal to the operator value.
    Given the value "userName sw \"{{run}}.\" and name.familyName ge \"Baker\"" saved as "filter"
    When the client sends GET "/Users?filter={{filter | pct}}"
    Then the response status is 200
    And the response is a valid ListResponse
    And the value at "/totalResults" is 2
    And the value at "/Resources" has 2 items
    And the value at "/Resources" contains {"id": "{{bob.id}}"}
    And the value at "/Resources" contains {"id": "{{cyd.id}}"}

  @protocol @rfc7644-3.4.2.2 @capability-filter @must
  Scenario: lt compares strings lexicographically
    RFC 7644 §3.4.2.2: lt matches when the attribute value is less than the operator value.
    Given the value "userName sw \"{{run}}.\" and name.familyName lt \"Baker\"" saved as "filter"
    When the client sends GET "/Users?filter={{filter | pct}}"
    Then the response status is 200
    And the response is a valid ListResponse
    And the value at "/totalResults" is 1
    And the value at "/Resources" has 1 item
    And the value at "/Resources" contains {"id": "{{ann.id}}"}

  @protocol @rfc7644-3.4.2.2 @capability-filter @must
  Scenario: le includes the equal value
    RFC 7644 §3.4.2.2: le matches when the attribute value is less than or equal to the operator value.
    Given the value "userName sw \"{{run}}.\" and name.familyName le \"Baker\"" saved as "filter"
    When the client sends GET "/Users?filter={{filter | pct}}"
    Then the response status is 200
    And the response is a valid ListResponse
    And the value at "/totalResults" is 2
    And the value at "/Resources" has 2 items
    And the value at "/Resources" contains {"id": "{{ann.id}}"}
    And the value at "/Resources" contains {"id": "{{bob.id}}"}

  @protocol @rfc7644-3.4.2.2 @capability-filter @must
  Scenario: or inside grouping parentheses
    RFC 7644 §3.4.2.2: filters combine with and / or, and parentheses group expressions.
    Given the value "userName sw \"{{run}}.\" and (title eq \"Engineer\" or title eq \"Manager\")" saved as "filter"
    When the client sends GET "/Users?filter={{filter | pct}}"
    Then the response status is 200
    And the response is a valid ListResponse
    And the value at "/totalResults" is 2
    And the value at "/Resources" has 2 items
    And the value at "/Resources" contains {"id": "{{ann.id}}"}
    And the value at "/Resources" contains {"id": "{{bob.id}}"}

  @protocol @rfc7644-3.4.2.2 @capability-filter @must
  Scenario: not negates a grouped expression
    RFC 7644 §3.4.2.2: not( ) matches when the enclosed expression does not.
    Given the value "userName sw \"{{run}}.\" and not (title co \"Manager\")" saved as "filter"
    When the client sends GET "/Users?filter={{filter | pct}}"
    Then the response status is 200
    And the response is a valid ListResponse
    And the value at "/totalResults" is 1
    And the value at "/Resources" has 1 item
    And the value at "/Resources" contains {"id": "{{ann.id}}"}

  @protocol @rfc7644-3.4.2.2 @capability-filter @must
  Scenario: and binds tighter than or
    RFC 7644 §3.4.2.2: and has higher precedence than or, so a and b or c and d is (a and b) or (c and d).
    Given the value "userName sw \"{{run}}.\" and title eq \"Engineer\" or userName sw \"{{run}}.\" and title eq \"Manager\"" saved as "filter"
    When the client sends GET "/Users?filter={{filter | pct}}"
    Then the response status is 200
    And the response is a valid ListResponse
    And the value at "/totalResults" is 2
    And the value at "/Resources" has 2 items
    And the value at "/Resources" contains {"id": "{{ann.id}}"}
    And the value at "/Resources" contains {"id": "{{bob.id}}"}

  @protocol @rfc7644-3.4.2.2 @capability-filter @must
  Scenario: A boolean compares with true
    RFC 7644 §3.4.2.2: a boolean attribute compares with the literals true and false.
    Given the value "userName sw \"{{run}}.\" and active eq true" saved as "filter"
    When the client sends GET "/Users?filter={{filter | pct}}"
    Then the response status is 200
    And the response is a valid ListResponse
    And the value at "/totalResults" is 2
    And the value at "/Resources" has 2 items
    And the value at "/Resources" contains {"id": "{{ann.id}}"}
    And the value at "/Resources" contains {"id": "{{cyd.id}}"}

  @protocol @rfc7644-3.4.2.2 @capability-filter @must
  Scenario: A boolean compares with false
    RFC 7644 §3.4.2.2: a boolean attribute compares with the literals true and false.
    Given the value "userName sw \"{{run}}.\" and active eq false" saved as "filter"
    When the client sends GET "/Users?filter={{filter | pct}}"
    Then the response status is 200
    And the response is a valid ListResponse
    And the value at "/totalResults" is 1
    And the value at "/Resources" has 1 item
    And the value at "/Resources" contains {"id": "{{bob.id}}"}

  @protocol @rfc7644-3.4.2.2 @capability-filter @must
  Scenario: A value path selects elements of a multi-valued attribute
    RFC 7644 §3.4.2.2: a valuePath filter (attr[expression]) selects the elements of a multi-valued complex attribute that match the whole expression.
    Given the value "userName sw \"{{run}}.\" and emails[type eq \"work\" and value co \"@work.example.com\"]" saved as "filter"
    When the client sends GET "/Users?filter={{filter | pct}}"
    Then the response status is 200
    And the response is a valid ListResponse
    And the value at "/totalResults" is 2
    And the value at "/Resources" has 2 items
    And the value at "/Resources" contains {"id": "{{ann.id}}"}
    And the value at "/Resources" contains {"id": "{{bob.id}}"}

  @protocol @rfc7644-3.4.2.2 @capability-filter @must
  Scenario: A value path does not mix conditions across elements
    RFC 7644 §3.4.2.2: the expression inside [ ] applies to one element at a time; ann has a work email and a home-domain email, but no single element satisfies both.
    Given the value "userName sw \"{{run}}.\" and emails[type eq \"work\" and value co \"@home.example.org\"]" saved as "filter"
    When the client sends GET "/Users?filter={{filter | pct}}"
    Then the response status is 200
    And the response is a valid ListResponse
    And the value at "/totalResults" is 0
    And the value at "/Resources/0" is absent

  @protocol @rfc7644-3.4.2.2 @capability-filter @must
  Scenario: A sub-attribute of a complex attribute
    RFC 7644 §3.4.2.2 with RFC 7644 §3.10: name.familyName addresses a sub-attribute of a complex attribute.
    Given the value "userName sw \"{{run}}.\" and name.familyName eq \"Baker\"" saved as "filter"
    When the client sends GET "/Users?filter={{filter | pct}}"
    Then the response status is 200
    And the response is a valid ListResponse
    And the value at "/totalResults" is 1
    And the value at "/Resources" has 1 item
    And the value at "/Resources" contains {"id": "{{bob.id}}"}

  @protocol @rfc7644-3.4.2.2 @capability-filter @must
  Scenario: A sub-attribute of a multi-valued attribute matches any of its values
    RFC 7644 §3.4.2.2: a filter on a multi-valued attribute matches if any of its values matches.
    Given the value "userName sw \"{{run}}.\" and emails.value eq \"ann@home.example.org\"" saved as "filter"
    When the client sends GET "/Users?filter={{filter | pct}}"
    Then the response status is 200
    And the response is a valid ListResponse
    And the value at "/totalResults" is 1
    And the value at "/Resources" has 1 item
    And the value at "/Resources" contains {"id": "{{ann.id}}"}

  @protocol @rfc7644-3.4.2.2 @capability-filter @must
  Scenario: emails.type matches when any email has that type
    RFC 7644 §3.4.2.2: a filter on a multi-valued attribute matches if any of its values matches.
    Given the value "userName sw \"{{run}}.\" and emails.type eq \"home\"" saved as "filter"
    When the client sends GET "/Users?filter={{filter | pct}}"
    Then the response status is 200
    And the response is a valid ListResponse
    And the value at "/totalResults" is 2
    And the value at "/Resources" has 2 items
    And the value at "/Resources" contains {"id": "{{ann.id}}"}
    And the value at "/Resources" contains {"id": "{{cyd.id}}"}

  @protocol @rfc7644-3.4.2.2 @capability-filter @must
  Scenario: URN-qualified attribute names
    RFC 7644 §3.4.2.2 with RFC 7644 §3.10: an attribute may be named with its schema URN prefix.
    Given the value "urn:ietf:params:scim:schemas:core:2.0:User:userName eq \"{{run}}.bob@example.com\"" saved as "filter"
    When the client sends GET "/Users?filter={{filter | pct}}"
    Then the response status is 200
    And the response is a valid ListResponse
    And the value at "/totalResults" is 1
    And the value at "/Resources" has 1 item
    And the value at "/Resources" contains {"id": "{{bob.id}}"}

  @protocol @rfc7644-3.4.2.2 @capability-filter @must
  Scenario: URN-qualified sub-attribute names
    RFC 7644 §3.4.2.2 with RFC 7644 §3.10: a URN-qualified name may address a sub-attribute.
    Given the value "userName sw \"{{run}}.\" and urn:ietf:params:scim:schemas:core:2.0:User:name.familyName eq \"Carter\"" saved as "filter"
    When the client sends GET "/Users?filter={{filter | pct}}"
    Then the response status is 200
    And the response is a valid ListResponse
    And the value at "/totalResults" is 1
    And the value at "/Resources" has 1 item
    And the value at "/Resources" contains {"id": "{{cyd.id}}"}

  @protocol @rfc7644-3.4.2.2 @capability-filter @must
  Scenario: Attribute names and operators in any case
    RFC 7644 §3.4.2.2: attribute names and attribute operators used in filters are case insensitive (RFC 7643 §2.1 for names).
    Given the value "userName sw \"{{run}}.\" and TITLE EQ \"Engineer\" AND Name.FamilyName Eq \"Archer\"" saved as "filter"
    When the client sends GET "/Users?filter={{filter | pct}}"
    Then the response status is 200
    And the response is a valid ListResponse
    And the value at "/totalResults" is 1
    And the value at "/Resources" has 1 item
    And the value at "/Resources" contains {"id": "{{ann.id}}"}

  @protocol @rfc7644-3.4.2.2 @capability-filter @must
  Scenario: Logical operators in any case
    RFC 7644 §3.4.2.2: the operators and, or, not are case insensitive like every filter operator.
    Given the value "userName sw \"{{run}}.\" and (title EQ \"Engineer\" OR title Eq \"Manager\") AND NOT (active eq false)" saved as "filter"
    When the client sends GET "/Users?filter={{filter | pct}}"
    Then the response status is 200
    And the response is a valid ListResponse
    And the value at "/totalResults" is 1
    And the value at "/Resources" has 1 item
    And the value at "/Resources" contains {"id": "{{ann.id}}"}

  @protocol @rfc7644-3.4.2.2 @capability-filter @must
  Scenario: userName compares without regard to case
    RFC 7644 §3.4.2.2: strings compare as their caseExact characteristic says; userName has caseExact false (RFC 7643 §4.1.1), so case is ignored.
    Given the value "userName eq \"{{run}}.ANN@EXAMPLE.COM\"" saved as "filter"
    When the client sends GET "/Users?filter={{filter | pct}}"
    Then the response status is 200
    And the response is a valid ListResponse
    And the value at "/totalResults" is 1
    And the value at "/Resources" has 1 item
    And the value at "/Resources" contains {"id": "{{ann.id}}"}

  @protocol @rfc7644-3.4.2.2 @capability-filter @must
  Scenario: co, sw and ew ignore case on a case-insensitive attribute
    RFC 7644 §3.4.2.2: title has caseExact false, so co, sw and ew ignore case (RFC 7643 §7 caseExact).
    Given the value "userName sw \"{{run}}.\" and title co \"MANAGER\" and title sw \"engineering\" and title ew \"manager\"" saved as "filter"
    When the client sends GET "/Users?filter={{filter | pct}}"
    Then the response status is 200
    And the response is a valid ListResponse
    And the value at "/totalResults" is 1
    And the value at "/Resources" has 1 item
    And the value at "/Resources" contains {"id": "{{cyd.id}}"}

  @protocol @rfc7644-3.4.2.2 @capability-filter @must
  Scenario: externalId compares with case
    RFC 7644 §3.4.2.2: externalId has caseExact true (RFC 7643 §3.1), so a value differing only in case does not match.
    Given the value "userName sw \"{{run}}.\" and externalId eq \"EXT-{{run | upper}}-ANN\"" saved as "filter"
    When the client sends GET "/Users?filter={{filter | pct}}"
    Then the response status is 200
    And the response is a valid ListResponse
    And the value at "/totalResults" is 0
    And the value at "/Resources/0" is absent

  @protocol @rfc7644-3.4.2.2 @capability-filter @must
  Scenario: externalId matches its exact value
    RFC 7644 §3.4.2.2: externalId has caseExact true (RFC 7643 §3.1) and matches its exact value.
    Given the value "externalId eq \"ext-{{run}}-ann\"" saved as "filter"
    When the client sends GET "/Users?filter={{filter | pct}}"
    Then the response status is 200
    And the response is a valid ListResponse
    And the value at "/totalResults" is 1
    And the value at "/Resources" has 1 item
    And the value at "/Resources" contains {"id": "{{ann.id}}"}

  @protocol @rfc7644-3.4.2.2 @capability-filter @must
  Scenario: dateTime gt a past instant matches every user
    RFC 7644 §3.4.2.2: gt/ge/lt/le on a dateTime compare chronologically; meta.created is a dateTime (RFC 7643 §3.1).
    Given the value "userName sw \"{{run}}.\" and meta.created gt \"2000-01-01T00:00:00Z\"" saved as "filter"
    When the client sends GET "/Users?filter={{filter | pct}}"
    Then the response status is 200
    And the response is a valid ListResponse
    And the value at "/totalResults" is 3
    And the value at "/Resources" has 3 items
    And the value at "/Resources" contains {"id": "{{ann.id}}"}
    And the value at "/Resources" contains {"id": "{{bob.id}}"}
    And the value at "/Resources" contains {"id": "{{cyd.id}}"}

  @protocol @rfc7644-3.4.2.2 @capability-filter @must
  Scenario: dateTime ge the first creation matches every user
    RFC 7644 §3.4.2.2: dateTime comparisons are chronological; every user here was created at or after ann.
    Given the value "userName sw \"{{run}}.\" and meta.created ge \"{{ann.meta.created}}\"" saved as "filter"
    When the client sends GET "/Users?filter={{filter | pct}}"
    Then the response status is 200
    And the response is a valid ListResponse
    And the value at "/totalResults" is 3
    And the value at "/Resources" has 3 items
    And the value at "/Resources" contains {"id": "{{ann.id}}"}
    And the value at "/Resources" contains {"id": "{{bob.id}}"}
    And the value at "/Resources" contains {"id": "{{cyd.id}}"}

  @protocol @rfc7644-3.4.2.2 @capability-filter @must
  Scenario: dateTime lt the first creation matches none
    RFC 7644 §3.4.2.2: dateTime comparisons are chronological; none of these users was created before ann.
    Given the value "userName sw \"{{run}}.\" and meta.created lt \"{{ann.meta.created}}\"" saved as "filter"
    When the client sends GET "/Users?filter={{filter | pct}}"
    Then the response status is 200
    And the response is a valid ListResponse
    And the value at "/totalResults" is 0
    And the value at "/Resources/0" is absent

  @protocol @rfc7644-3.4.2.2 @capability-filter @must
  Scenario: dateTime le the last modification matches every user
    RFC 7644 §3.4.2.2: dateTime comparisons are chronological; meta.lastModified of every user is at or before cyd's.
    Given the value "userName sw \"{{run}}.\" and meta.lastModified le \"{{cyd.meta.lastModified}}\"" saved as "filter"
    When the client sends GET "/Users?filter={{filter | pct}}"
    Then the response status is 200
    And the response is a valid ListResponse
    And the value at "/totalResults" is 3
    And the value at "/Resources" has 3 items
    And the value at "/Resources" contains {"id": "{{ann.id}}"}
    And the value at "/Resources" contains {"id": "{{bob.id}}"}
    And the value at "/Resources" contains {"id": "{{cyd.id}}"}

  @protocol @rfc7644-3.4.2.2 @capability-filter @must
  Scenario: dateTime gt a future instant matches none
    RFC 7644 §3.4.2.2: dateTime comparisons are chronological; nothing was created after the year 2999.
    Given the value "userName sw \"{{run}}.\" and meta.created gt \"2999-12-31T23:59:59Z\"" saved as "filter"
    When the client sends GET "/Users?filter={{filter | pct}}"
    Then the response status is 200
    And the response is a valid ListResponse
    And the value at "/totalResults" is 0
    And the value at "/Resources/0" is absent

  @protocol @rfc7644-3.4.2.2 @capability-filter @must
  Scenario: A filter percent-encoded with %20 for spaces
    RFC 7644 §1.2: URLs are percent-encoded as RFC 3986 §2.1 describes, so a filter arrives with %20 for each space and %22 for each quote.
    When the client sends GET "/Users?filter=userName%20eq%20%22{{run | pct}}.bob%40example.com%22"
    Then the response status is 200
    And the value at "/totalResults" is 1
    And the value at "/Resources/0/id" is "{{bob.id}}"

  @protocol @rfc7644-3.4.2.2 @capability-filter @should
  Scenario: A filter form-encoded with + for spaces
    RFC 7644 §3.4.2.2 filters arrive as query parameters; clients that build them with form encoding (HTML 4.01 §17.13.4) send + for each space, which a server decodes as a space.
    Given the value "userName sw \"{{run}}.\" and title eq \"Engineering Manager\"" saved as "filter"
    When the client sends GET "/Users?filter={{filter | form}}"
    Then the response status is 200
    And the value at "/totalResults" is 1
    And the value at "/Resources/0/id" is "{{cyd.id}}"

  @protocol @rfc7644-3.4.2.2 @capability-filter @must
  Scenario: A filter that matches nothing is an empty list, not an error
    RFC 7644 §3.4.2: a query that does not return any matches SHALL return success (200) with totalResults set to 0.
    Given the value "userName eq \"{{run}}.nobody@example.com\"" saved as "filter"
    When the client sends GET "/Users?filter={{filter | pct}}"
    Then the response status is 200
    And the response is a valid ListResponse
    And the value at "/totalResults" is 0
    And the value at "/Resources/0" is absent

  @protocol @rfc7644-3.4.2.2 @capability-filter @must
  Scenario: Groups are filtered by displayName
    RFC 7644 §3.4.2.2: filters apply to every resource type endpoint; displayName eq finds the group.
    Given a group "eng" exists with members "ann,bob"
    And a group "ops" exists with members "cyd"
    And the value "displayName eq \"{{eng.displayName}}\"" saved as "filter"
    When the client sends GET "/Groups?filter={{filter | pct}}"
    Then the response status is 200
    And the response is a valid ListResponse
    And the value at "/totalResults" is 1
    And the value at "/Resources/0/id" is "{{eng.id}}"

  @protocol @rfc7644-3.4.2.2 @capability-filter @must
  Scenario: Group displayName compares without regard to case
    RFC 7644 §3.4.2.2: strings compare as their caseExact characteristic says, and Group.displayName has caseExact false (RFC 7643 §8.7.1).
    Given a group "eng" exists
    And the value "displayName eq \"{{eng.displayName | upper}}\"" saved as "filter"
    When the client sends GET "/Groups?filter={{filter | pct}}"
    Then the response status is 200
    And the value at "/totalResults" is 1
    And the value at "/Resources/0/id" is "{{eng.id}}"

  @protocol @rfc7644-3.4.2.2 @rfc7643-4.3 @capability-filter @may
  Scenario: A URN-qualified Enterprise User attribute
    RFC 7644 §3.4.2.2 with §3.10: an extension attribute is named with its schema URN, here the Enterprise User extension of RFC 7643 §4.3.
    Given a user "dee" exists with:
      """
      {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
        "userName": "{{run}}.dee@example.com",
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"department": "Research", "employeeNumber": "E-{{run}}"}
      }
      """
    And the value "userName sw \"{{run}}.\" and urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq \"Research\"" saved as "filter"
    When the client sends GET "/Users?filter={{filter | pct}}"
    Then the response status is 200
    And the value at "/totalResults" is 1
    And the value at "/Resources/0/id" is "{{dee.id}}"

  @protocol @rfc7644-3.4.2.2 @capability-filter @should
  Scenario: Groups are filtered by member
    RFC 7644 §3.4.2.2: a filter on the multi-valued members attribute matches the groups having a member with that value.
    Given a group "eng" exists with members "ann,bob"
    And a group "ops" exists with members "cyd,ann"
    And a group "hr" exists with members "bob"
    And the value "displayName sw \"{{run}} \" and members[value eq \"{{ann.id}}\"]" saved as "filter"
    When the client sends GET "/Groups?filter={{filter | pct}}"
    Then the response status is 200
    And the value at "/totalResults" is 2
    And the value at "/Resources" contains {"id": "{{eng.id}}"}
    And the value at "/Resources" contains {"id": "{{ops.id}}"}

  @protocol @rfc7644-3.4.2.2 @rfc7644-3.12 @capability-filter @must
  Scenario: An invalid filter: missing comparison value
    RFC 7644 §3.12 Table 9: a filter that does not comply with the grammar of §3.4.2.2 Figure 1 is a 400 with scimType invalidFilter.
    Given the value "userName eq" saved as "filter"
    When the client sends GET "/Users?filter={{filter | pct}}"
    Then the response is a SCIM Error with status 400 and scimType "invalidFilter"

  @protocol @rfc7644-3.4.2.2 @rfc7644-3.12 @capability-filter @must
  Scenario: An invalid filter: unknown operator
    RFC 7644 §3.12 Table 9: a filter using an operator outside §3.4.2.2 Table 3 is a 400 with scimType invalidFilter.
    Given the value "userName zz \"{{run}}\"" saved as "filter"
    When the client sends GET "/Users?filter={{filter | pct}}"
    Then the response is a SCIM Error with status 400 and scimType "invalidFilter"

  @protocol @rfc7644-3.4.2.2 @rfc7644-3.12 @capability-filter @must
  Scenario: An invalid filter: unbalanced parenthesis
    RFC 7644 §3.12 Table 9: a filter that does not comply with the grammar of §3.4.2.2 Figure 1 is a 400 with scimType invalidFilter.
    Given the value "(userName eq \"{{run}}\" or title eq \"x\"" saved as "filter"
    When the client sends GET "/Users?filter={{filter | pct}}"
    Then the response is a SCIM Error with status 400 and scimType "invalidFilter"

  @protocol @rfc7644-3.4.2.2 @rfc7644-3.12 @capability-filter @must
  Scenario: An invalid filter: unterminated string
    RFC 7644 §3.12 Table 9: a filter that does not comply with the grammar of §3.4.2.2 Figure 1 is a 400 with scimType invalidFilter.
    Given the value "userName eq \"{{run}}" saved as "filter"
    When the client sends GET "/Users?filter={{filter | pct}}"
    Then the response is a SCIM Error with status 400 and scimType "invalidFilter"

  @protocol @rfc7644-3.4.2.2 @rfc7644-3.12 @capability-filter @must
  Scenario: An invalid filter: unclosed value path
    RFC 7644 §3.12 Table 9: a valuePath needs its closing bracket (§3.4.2.2 Figure 1); otherwise 400 with scimType invalidFilter.
    Given the value "emails[type eq \"work\"" saved as "filter"
    When the client sends GET "/Users?filter={{filter | pct}}"
    Then the response is a SCIM Error with status 400 and scimType "invalidFilter"

  @protocol @rfc7644-3.4.2.2 @rfc7644-3.12 @capability-filter @must
  Scenario: An invalid filter: trailing garbage
    RFC 7644 §3.12 Table 9: a filter that does not comply with the grammar of §3.4.2.2 Figure 1 is a 400 with scimType invalidFilter.
    Given the value "userName eq \"{{run}}\" title" saved as "filter"
    When the client sends GET "/Users?filter={{filter | pct}}"
    Then the response is a SCIM Error with status 400 and scimType "invalidFilter"

  @protocol @rfc7644-3.4.2.2 @capability-filter @must
  Scenario: An invalid filter: ordering comparison on a boolean
    RFC 7644 §3.4.2.2 Table 3: gt, ge, lt and le on Boolean attributes SHALL cause a 400 with scimType invalidFilter.
    Given the value "active gt true" saved as "filter"
    When the client sends GET "/Users?filter={{filter | pct}}"
    Then the response is a SCIM Error with status 400 and scimType "invalidFilter"
