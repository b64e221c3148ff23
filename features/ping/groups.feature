@ping
Feature: Ping finds groups by listing them all, creates them with members, and PUTs the whole list
  Ping sends no group filter: it lists /Groups in pages of Results Per Page (1000 by default) and
  compares names itself, adopting a target group of the same name (docs/idp/ping.md §2.2). A group
  is written with `displayName` and `members` only, never `externalId` or `id` (§2.1, §2.3, Q10);
  with Group Name Source "Distinguished Name" the name is a full LDAP DN (`@ping-groupname-dn`,
  Q11). Membership and renames go out as a PUT of the whole group by default (`@ping-group-put`;
  the datastore's list overwrites the target's, §2.4, Q2), as a PATCH only when the admin ticks
  "Use PATCH for Group Updates" (`@ping-group-patch`, shapes unpublished, `@inferred`).

  @must @documented @pingfederate
  Scenario: Groups are found by listing all of /Groups in a page of 1000
    Ping matches groups by reading the whole group list, 1000 per page by default, so the groups on the target must come back with id and displayName in that listing (docs/idp/ping.md §2.2 [D] no filter and page size, [I] query, §3 Q3).
    Given a group "sales" exists
    And a group "support" exists
    When Ping sends GET "/Groups?startIndex=1&count=1000"
    Then the response status is 200
    And the response is a ListResponse of Groups
    And the value at "/startIndex" is 1
    And the value at "/itemsPerPage" is a number
    And the value at "/totalResults" is a number
    And the value at "/Resources" contains {"id": "{{sales.id}}", "displayName": "{{sales.displayName}}"}
    And the value at "/Resources" contains {"id": "{{support.id}}", "displayName": "{{support.displayName}}"}

  @should @inferred @pingfederate
  Scenario: A list without count is capped by the server, not refused
    Results Per Page -1 asks for the largest page the target allows; however Ping words that on the wire, a group list without count must be a 200 ListResponse that the server caps itself (docs/idp/ping.md §2.2 [D] option, [I] wire).
    Given a group "sales" exists
    When Ping sends GET "/Groups?startIndex=1"
    Then the response status is 200
    And the response is a ListResponse of Groups
    And the value at "/itemsPerPage" is a number
    And the value at "/Resources" contains {"id": "{{sales.id}}"}

  @must @documented @pingfederate @pingone
  Scenario: A group is created with displayName and members only, without externalId
    Ping supports only displayName and members on groups and never sends id or externalId; the POST must be 201 with an id and the members applied (docs/idp/ping.md §2.3 [D] attributes, [I] method, §2.1, §3 Q10).
    Given a user "alice" exists
    And a user "bob" exists
    When Ping sends POST "/Groups" with:
      """
      {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"{{run}} Sales",
       "members":[{"value":"{{alice.id}}"},{"value":"{{bob.id}}"}]}
      """
    Then the response status is 201
    And the response is a valid Group
    And the response is saved as "sales"
    And the value at "/externalId" is absent
    And the member values at "/members" are exactly "alice,bob"
    And group "sales" has exactly the members "alice,bob"
    And user "alice" belongs to exactly the groups "sales"

  @must @documented @ping-groupname-dn @pingfederate
  Scenario: A group named by its full LDAP distinguished name
    With Group Name Source "Distinguished Name" the displayName is the whole DN, with commas, equals signs and spaces, which must be stored and listed exactly (docs/idp/ping.md §2.1 [D] option, [I] DN formatting, §3 Q11).
    Given a user "alice" exists
    And the value "CN={{run}} Sales Team,OU=Groups,DC=example,DC=com" saved as "dn"
    When Ping sends POST "/Groups" with:
      """
      {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"{{dn}}","members":[{"value":"{{alice.id}}"}]}
      """
    Then the response status is 201
    And the response is saved as "sales"
    And the value at "/displayName" is "{{dn}}"
    When Ping sends GET "/Groups?startIndex=1&count=1000"
    Then the response status is 200
    And the value at "/Resources" contains {"id": "{{sales.id}}", "displayName": "{{dn}}"}

  @should @inferred @ping-groupname-dn @pingone
  Scenario: PingOne's group filter finds a DN-named group by displayName
    PingOne does send a displayName filter to some targets, so displayName eq with commas and equals signs in the value should find the group (docs/idp/ping.md §2.2 [D] AWS limitation, [I] filter).
    Given the value "CN={{run}} Ops,OU=Groups,DC=example,DC=com" saved as "dn"
    When PingOne sends POST "/Groups" with:
      """
      {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"{{dn}}","members":[]}
      """
    Then the response status is 201
    And the response is saved as "ops"
    When PingOne sends GET "/Groups?filter=displayName%20eq%20%22{{dn | pct}}%22"
    Then the response status is 200
    And the value at "/totalResults" is 1
    And the value at "/Resources/0/id" is "{{ops.id}}"

  @must @documented @observed @ping-group-put @pingfederate
  Scenario: A membership change is a PUT of the whole member list, which overwrites the target's
    By default Ping PUTs the group with displayName and the complete member list; members missing from it leave, new ones join, and the users themselves stay (docs/idp/ping.md §2.4 [D] method and overwrite, [O] bitwarden PR #4804, §3 Q2).
    Given a user "alice" exists
    And a user "bob" exists
    And a user "carol" exists
    And a group "sales" exists with members "alice,bob"
    When Ping sends PUT "/Groups/{{sales.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"{{sales.displayName | json}}",
       "members":[{"value":"{{bob.id}}"},{"value":"{{carol.id}}"}]}
      """
    Then the response status is 200 or 204
    And group "sales" has exactly the members "bob,carol"
    And user "alice" belongs to exactly the groups ""
    And user "carol" belongs to exactly the groups "sales"
    When Ping sends GET "/Users/{{alice.id}}"
    Then the response status is 200
    And the value at "/active" is true

  @must @documented @ping-group-put
  Scenario: A PUT with an empty member list empties the group
    Datastore memberships overwrite the target's, so when the last member leaves at the source the PUT carries "members": [] and the group must end empty (docs/idp/ping.md §2.4 [D], §3 Q2).
    Given a user "alice" exists
    And a group "sales" exists with members "alice"
    When Ping sends PUT "/Groups/{{sales.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"{{sales.displayName | json}}","members":[]}
      """
    Then the response status is 200 or 204
    And group "sales" has exactly the members ""
    And user "alice" belongs to exactly the groups ""

  @must @documented @ping-group-put
  Scenario: A group found in the listing is adopted, renamed and filled by PUT
    An existing target group with the source group's name is adopted (found in the full listing), and a rename is a PUT with the new displayName and the full member list (docs/idp/ping.md §2.2 [D] adoption, §2.5 [D] rename, §2.4).
    Given a user "alice" exists
    And a group "legacy" exists
    And the value "{{run}} Sales (renamed)" saved as "newname"
    When Ping sends GET "/Groups?startIndex=1&count=1000"
    Then the response status is 200
    And the value at "/Resources" contains {"id": "{{legacy.id}}", "displayName": "{{legacy.displayName}}"}
    When Ping sends PUT "/Groups/{{legacy.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"{{newname | json}}","members":[{"value":"{{alice.id}}"}]}
      """
    Then the response status is 200 or 204
    When Ping sends GET "/Groups/{{legacy.id}}"
    Then the response status is 200
    And the value at "/displayName" is "{{newname}}"
    And group "legacy" has exactly the members "alice"

  @should @inferred @ping-group-patch @pingfederate
  Scenario: With "Use PATCH for Group Updates" membership changes are member PATCHes
    Since 1.4 the admin may choose PATCH for group updates; the operations are unpublished, so the RFC's add on members and remove by members[value eq "…"] must both work (docs/idp/ping.md §2.4 [D] option, [I] shapes).
    Given a user "alice" exists
    And a user "bob" exists
    And a group "sales" exists with members "alice"
    When Ping sends PATCH "/Groups/{{sales.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
       "Operations":[{"op":"add","path":"members","value":[{"value":"{{bob.id}}"}]},
                     {"op":"remove","path":"members[value eq \"{{alice.id}}\"]"}]}
      """
    Then the response status is 200 or 204
    And group "sales" has exactly the members "bob"
    And user "alice" belongs to exactly the groups ""

  @should @inferred @ping-group-patch
  Scenario: With PATCH on, a rename is a replace of displayName and the members stay
    A datastore rename under "Use PATCH for Group Updates" presumably replaces displayName; the members must stay as they were (docs/idp/ping.md §2.5 [D] rename, [I] shape).
    Given a user "alice" exists
    And a group "sales" exists with members "alice"
    When Ping sends PATCH "/Groups/{{sales.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
       "Operations":[{"op":"replace","path":"displayName","value":"{{run}} Sales EMEA"}]}
      """
    Then the response status is 200 or 204
    When Ping sends GET "/Groups/{{sales.id}}"
    Then the value at "/displayName" is "{{run}} Sales EMEA"
    And group "sales" has exactly the members "alice"

  @must @documented
  Scenario: Deleting a group leaves its member accounts in place
    A group deleted at the source or out of scope is deleted on the target (204, then 404); the users who were members stay, without the group (docs/idp/ping.md §2.6 [D], [I strong] DELETE).
    Given a user "alice" exists
    And a group "sales" exists with members "alice"
    When Ping sends DELETE "/Groups/{{sales.id}}"
    Then the response status is 204
    When Ping sends GET "/Groups/{{sales.id}}"
    Then the response is a SCIM Error with status 404
    When Ping sends GET "/Users/{{alice.id}}"
    Then the response status is 200
    And user "alice" belongs to exactly the groups ""
