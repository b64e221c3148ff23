@rippling
Feature: Rippling's group options: PATCH or PUT, create and delete, mutually exclusive groups
  With "Supports Groups" Rippling pushes the groups assigned to the app (docs/idp/rippling.md §2).
  "Create & Delete Groups" lets it POST and DELETE groups (`@rippling-create-delete-groups`);
  without it, it maps onto groups the app already has, found by listing (`@rippling-no-create-groups`,
  §2.2). Membership goes by PATCH with "Use PATCH to edit Groups" (`@rippling-patch-groups`, every
  guide) or by a PUT of the full list (`@rippling-put-groups`, §2.4). With "Mutually Exclusive
  Groups" (`@rippling-mutually-exclusive`) a user sits in at most one app group and a move is a
  removal plus an addition in unknown order, so the server must accept the transient zero or two
  memberships (R7). Operation shapes are unpublished: every scenario is `@inferred`.

  @should @inferred @rippling-create-delete-groups @rippling-patch-groups
  Scenario: Create a group, add and remove members by PATCH, then delete it
    With Create & Delete Groups and PATCH on, Rippling POSTs the group, adds members with add on members, removes one by members[value eq "…"] and finally DELETEs the group; its users stay (docs/idp/rippling.md §2.3 §2.4 §2.5 [O] options, [I] shapes).
    Given a user "alice" exists
    And a user "bob" exists
    When Rippling sends POST "/Groups" with:
      """
      {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"{{run}} Engineering"}
      """
    Then the response status is 201
    And the response is saved as "eng"
    When Rippling sends PATCH "/Groups/{{eng.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
       "Operations":[{"op":"add","path":"members","value":[{"value":"{{alice.id}}"},{"value":"{{bob.id}}"}]}]}
      """
    Then the response status is 200 or 204
    And group "eng" has exactly the members "alice,bob"
    When Rippling sends PATCH "/Groups/{{eng.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
       "Operations":[{"op":"remove","path":"members[value eq \"{{alice.id}}\"]"}]}
      """
    Then the response status is 200 or 204
    And group "eng" has exactly the members "bob"
    When Rippling sends DELETE "/Groups/{{eng.id}}"
    Then the response status is 204
    When Rippling sends GET "/Users/{{bob.id}}"
    Then the response status is 200
    And user "bob" belongs to exactly the groups ""

  @should @inferred @rippling-put-groups
  Scenario: With PATCH off, membership is a PUT of the full member list
    Without "Use PATCH to edit Groups" the group is PUT with the full member list, which is authoritative: members left out leave, and the users stay (docs/idp/rippling.md §2.4 [O] option, [I] body).
    Given a user "alice" exists
    And a user "bob" exists
    And a group "eng" exists with members "alice"
    When Rippling sends PUT "/Groups/{{eng.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"{{eng.displayName | json}}","members":[{"value":"{{bob.id}}"}]}
      """
    Then the response status is 200 or 204
    And group "eng" has exactly the members "bob"
    And user "alice" belongs to exactly the groups ""

  @should @inferred @rippling-no-create-groups @rippling-paged
  Scenario: Without Create & Delete Groups, Rippling maps onto a group the app already has
    Rippling can then only use existing app groups: it lists /Groups (paged) to find them and adds members to the one it maps (docs/idp/rippling.md §2.2 [I], §2.4).
    Given a user "alice" exists
    And a group "existing" exists
    When Rippling sends GET "/Groups?startIndex=1&count=100"
    Then the response status is 200
    And the response is a ListResponse of Groups
    And the value at "/Resources" contains {"id": "{{existing.id}}", "displayName": "{{existing.displayName}}"}
    When Rippling sends PATCH "/Groups/{{existing.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
       "Operations":[{"op":"add","path":"members","value":[{"value":"{{alice.id}}"}]}]}
      """
    Then the response status is 200 or 204
    And user "alice" belongs to exactly the groups "existing"

  @should @inferred @rippling-mutually-exclusive @rippling-patch-groups
  Scenario: A move between mutually exclusive groups that removes first passes through zero groups
    The removal from the old group may come first; the user is then briefly in no group, which the server must accept, and ends in exactly the new one (docs/idp/rippling.md §2.4 [O] option, [I] order, §3 R7).
    Given a user "alice" exists
    And a group "sales" exists with members "alice"
    And a group "support" exists
    When Rippling sends PATCH "/Groups/{{sales.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
       "Operations":[{"op":"remove","path":"members[value eq \"{{alice.id}}\"]"}]}
      """
    Then the response status is 200 or 204
    And user "alice" belongs to exactly the groups ""
    When Rippling sends PATCH "/Groups/{{support.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
       "Operations":[{"op":"add","path":"members","value":[{"value":"{{alice.id}}"}]}]}
      """
    Then the response status is 200 or 204
    And user "alice" belongs to exactly the groups "support"

  @should @inferred @rippling-mutually-exclusive @rippling-patch-groups
  Scenario: A move between mutually exclusive groups that adds first passes through two groups
    The addition to the new group may come first; the user is then briefly in both, which the server must not refuse, and ends in exactly the new one (docs/idp/rippling.md §2.4 [I] order, §3 R7).
    Given a user "alice" exists
    And a group "sales" exists with members "alice"
    And a group "support" exists
    When Rippling sends PATCH "/Groups/{{support.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
       "Operations":[{"op":"add","path":"members","value":[{"value":"{{alice.id}}"}]}]}
      """
    Then the response status is 200 or 204
    And user "alice" belongs to exactly the groups "sales,support"
    When Rippling sends PATCH "/Groups/{{sales.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
       "Operations":[{"op":"remove","path":"members[value eq \"{{alice.id}}\"]"}]}
      """
    Then the response status is 200 or 204
    And user "alice" belongs to exactly the groups "support"
