@ping
Feature: Ping looks a user up by its filter template while it does not know the user's id
  Only while the connector holds no target id for a user (first sync, linking, after a reset)
  does it search /Users with the Unique User Identifier's filter, `userName eq …` by default or
  `emails eq …` for workEmail, or with an admin-written template such as PingFederate's
  `username eq "%s"` and PingOne's `username Eq "%s"` / `email Co "%s"` (docs/idp/ping.md §1.3).
  Attribute names and operators are case-insensitive (RFC 7644 §3.4.2.2); one result links the
  account, none leads to a create; an account created by other means is adopted (§3 Q4, Q12).

  Background:
    Given a user "alice" exists with:
      """
      {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],
       "userName":"{{run}}.Alice.Smith@example.com",
       "name":{"givenName":"Alice","familyName":"Smith"},
       "displayName":"Alice Smith",
       "emails":[{"value":"{{run}}.alice@work.example.com","type":"work","primary":true},
                 {"value":"{{run}}.alice@home.example.org","type":"home"}],
       "active":true}
      """

  @must @documented @ping-filter-username @pingfederate @pingone
  Scenario: The default lookup by userName finds the user with its id
    With the default Unique User Identifier the lookup is userName eq "<userName>" and one result must carry the id Ping stores for every later request (docs/idp/ping.md §1.3 [D] filter, [I] quoting).
    When Ping sends GET "/Users?filter=userName%20eq%20%22{{alice.userName | pct}}%22"
    Then the response status is 200
    And the response is a ListResponse of Users
    And the value at "/totalResults" is 1
    And the value at "/Resources/0/id" is "{{alice.id}}"
    And the value at "/Resources/0/userName" is "{{run}}.Alice.Smith@example.com"

  @must @documented @ping-filter-username
  Scenario: A user the target does not have is an empty list, so Ping creates it
    Zero results must be 200 with totalResults 0, never 404: that is Ping's signal to create (docs/idp/ping.md §1.3 [D], §1.4).
    When Ping sends GET "/Users?filter=userName%20eq%20%22{{run}}.nobody%40example.com%22"
    Then the response status is 200
    And the response is a ListResponse of Users
    And the value at "/totalResults" is 0

  @should @documented @ping-filter-workemail @pingfederate @pingone
  Scenario: The workEmail lookup compares emails without a sub-attribute and matches any address
    With Unique User Identifier workEmail the filter is emails eq "<address>" on the multi-valued attribute itself, which should match when any emails[].value equals the address (docs/idp/ping.md §1.3 [D] filter, [I] server rule, §3 Q4).
    When Ping sends GET "/Users?filter=emails%20eq%20%22{{run}}.alice%40work.example.com%22"
    Then the response status is 200
    And the value at "/totalResults" is 1
    And the value at "/Resources/0/id" is "{{alice.id}}"
    When Ping sends GET "/Users?filter=emails%20eq%20%22{{run}}.alice%40home.example.org%22"
    Then the response status is 200
    And the value at "/totalResults" is 1
    And the value at "/Resources/0/id" is "{{alice.id}}"

  @must @documented @ping-filter-custom @pingfederate @rfc7644-3.4.2.2
  Scenario: PingFederate's example template username eq "%s" writes the attribute in lower case
    PingFederate documents the filter expression username eq "%s"; attribute names in filters are case-insensitive, so it must find the user, also when the value's case differs (docs/idp/ping.md §1.3 [D], [O] bitwarden 8c8956da; RFC 7644 §3.4.2.2).
    When Ping sends GET "/Users?filter=username%20eq%20%22{{alice.userName | lower | pct}}%22"
    Then the response status is 200
    And the value at "/totalResults" is 1
    And the value at "/Resources/0/id" is "{{alice.id}}"

  @must @documented @ping-filter-custom @pingone @rfc7644-3.4.2.2
  Scenario: PingOne's example template username Eq "%s" capitalises the operator
    PingOne documents username Eq "%s": attribute names and operators are case-insensitive, so the mixed-case filter must match exactly like userName eq (docs/idp/ping.md §1.3 [D]; RFC 7644 §3.4.2.2).
    When PingOne sends GET "/Users?filter=username%20Eq%20%22{{alice.userName | pct}}%22"
    Then the response status is 200
    And the value at "/totalResults" is 1
    And the value at "/Resources/0/id" is "{{alice.id}}"
    When PingOne sends GET "/Users?filter=USERNAME%20EQ%20%22{{alice.userName | upper | pct}}%22"
    Then the response status is 200
    And the value at "/totalResults" is 1

  @should @documented @ping-filter-custom @pingone @rfc7644-3.4.2.2
  Scenario: PingOne's contains template, Co on the emails, finds the user by part of an address
    PingOne's other example is email Co "%s" (there is no SCIM attribute "email"; the scenario sends it on emails): co in any case must be supported when the admin chose it (docs/idp/ping.md §1.3 [D]; RFC 7644 §3.4.2.2).
    When PingOne sends GET "/Users?filter=emails%20Co%20%22{{run}}.alice%40work%22"
    Then the response status is 200
    And the value at "/totalResults" is 1
    And the value at "/Resources/0/id" is "{{alice.id}}"

  @should @inferred @ping-filter-username
  Scenario: The lookup filter decodes %20, + and %40 alike
    No capture shows how Ping encodes the query, so the filter must read the same with %20 or + for spaces and %22 / %40 for quotes and at signs (docs/idp/ping.md §0.5 [I]).
    When Ping sends GET "/Users?filter=userName+eq+%22{{alice.userName | form}}%22"
    Then the response status is 200
    And the value at "/totalResults" is 1
    And the value at "/Resources/0/id" is "{{alice.id}}"

  @must @documented @ping-filter-username
  Scenario: An account created by other means is adopted: found by the lookup, then updated by id
    Ping links the source user to an existing target account with the same userName instead of duplicating it, then uses that id with a PUT (docs/idp/ping.md §1.3 [D] "Linking by name", §1.5, §3 Q12).
    When Ping sends GET "/Users?filter=userName%20eq%20%22{{alice.userName | pct}}%22"
    Then the response status is 200
    And the value at "/totalResults" is 1
    And the value at "/Resources/0/id" is saved as "linked"
    When Ping sends PUT "/Users/{{linked}}" with:
      """
      {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],
       "userName":"{{run}}.Alice.Smith@example.com",
       "name":{"givenName":"Alice","familyName":"Smith"},
       "displayName":"Alice Smith",
       "title":"Engineer",
       "emails":[{"value":"{{run}}.alice@work.example.com","type":"work","primary":true}],
       "active":true}
      """
    Then the response status is 200
    And the value at "/id" is "{{alice.id}}"
    And the value at "/title" is "Engineer"
    When Ping sends GET "/Users?filter=userName%20eq%20%22{{alice.userName | pct}}%22"
    Then the value at "/totalResults" is 1
