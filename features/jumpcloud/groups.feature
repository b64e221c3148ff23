@jumpcloud
Feature: JumpCloud manages groups and memberships
  With "Enable management of User Groups and Group Membership" ticked, JumpCloud takes over an
  existing group whose displayName matches exactly, creates groups once they have a member, renames
  and deletes them, adds members with path "members" and a value array holding only ids (repeats
  included), and removes them both with a value array on the unfiltered path and with the RFC filter
  (docs/idp/jumpcloud.md §2, §3 Q1, Q2, Q6, Q7, Q9).

  Background:
    Given a user "alice" exists
    And a user "bob" exists

  @must @observed
  Scenario: Add a member with path members and a value array holding only the id
    JumpCloud's member add is {"op":"add","path":"members","value":[{"value":id}]} with no display, type or $ref (docs/idp/jumpcloud.md §2.3 [O]).
    Given a group "engineering" exists with members "bob"
    When JumpCloud sends PATCH "/Groups/{{engineering.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"add","path":"members","value":[{"value":"{{alice.id}}"}]}]}
      """
    Then the response status is 200 or 204
    And group "engineering" has exactly the members "alice, bob"
    And user "alice" belongs to exactly the groups "engineering"

  @must @observed
  Scenario: The same add sent again succeeds and changes nothing
    JumpCloud repeats operations, and an SP had to make add-to-group idempotent for it: the second identical add is a success, and the member is listed once (docs/idp/jumpcloud.md §0.4, §2.3 [O], §3 Q2).
    Given a group "engineering" exists
    When JumpCloud sends PATCH "/Groups/{{engineering.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"add","path":"members","value":[{"value":"{{alice.id}}"}]}]}
      """
    Then the response status is 200 or 204
    When JumpCloud sends PATCH "/Groups/{{engineering.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"add","path":"members","value":[{"value":"{{alice.id}}"}]}]}
      """
    Then the response status is 200 or 204
    When JumpCloud sends GET "/Groups/{{engineering.id}}"
    Then the value at "/members" has 1 item
    And group "engineering" has exactly the members "alice"

  @must @observed @tolerance-members-remove-value
  Scenario: A remove with a value array on the unfiltered members path removes only that member
    JumpCloud's remove is Azure-AD style, {"op":"remove","path":"members","value":[{"value":id}]}; reading it as "clear the group" would remove everyone (docs/idp/jumpcloud.md §2.4 [O], §3 Q1).
    Given a group "engineering" exists with members "alice, bob"
    When JumpCloud sends PATCH "/Groups/{{engineering.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"remove","path":"members","value":[{"value":"{{alice.id}}"}]}]}
      """
    Then the response status is 200 or 204
    And group "engineering" has exactly the members "bob"

  @should @inferred
  Scenario: A remove with the RFC filter members[value eq "…"] removes only that member
    An SP fixed "JumpCloud SCIM members filter syntax (RFC7644)", which suggests JumpCloud also sends the filtered form (docs/idp/jumpcloud.md §2.4 [O title only, I form]; RFC 7644 §3.5.2.2).
    Given a group "engineering" exists with members "alice, bob"
    When JumpCloud sends PATCH "/Groups/{{engineering.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"remove","path":"members[value eq \"{{alice.id}}\"]"}]}
      """
    Then the response status is 200 or 204
    And group "engineering" has exactly the members "bob"

  @should @inferred
  Scenario: Takeover of an existing group matches its displayName exactly
    JumpCloud takes over an existing group whose name equals its user group's name; the lookup by displayName must find that group and not one whose name merely starts the same (docs/idp/jumpcloud.md §2.1 [D behaviour, I request], §3 Q6).
    When the client sends POST "/Groups" with:
      """
      {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"Engineering {{run}}"}
      """
    Then the response status is 201
    And the response is saved as "existing"
    When the client sends POST "/Groups" with:
      """
      {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"Engineering {{run}} Ops"}
      """
    Then the response status is 201
    When JumpCloud sends GET "/Groups?filter=displayName%20eq%20%22Engineering%20{{run}}%22"
    Then the response status is 200
    And the value at "/totalResults" is 1
    And the value at "/Resources/0/id" is "{{existing.id}}"
    When JumpCloud sends GET "/Groups?filter=displayName%20eq%20%22JumpCloud%20Absent%20{{run}}%22"
    Then the value at "/totalResults" is 0
    When JumpCloud sends PATCH "/Groups/{{existing.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"add","path":"members","value":[{"value":"{{alice.id}}"}]}]}
      """
    Then the response status is 200 or 204
    And group "existing" has exactly the members "alice"

  @should @inferred
  Scenario: A group is created with its first member, then renamed three ways, members untouched
    Empty groups are never created, so the POST likely carries the first member; renaming is supported, by PATCH replace of displayName with or without a path, or by PUT (docs/idp/jumpcloud.md §2.2 [D], §2.5 [D], bodies [I]).
    When JumpCloud sends POST "/Groups" with:
      """
      {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"Engineering {{run}}","members":[{"value":"{{alice.id}}"}]}
      """
    Then the response status is 201
    And the response is saved as "eng"
    And group "eng" has exactly the members "alice"
    When JumpCloud sends PATCH "/Groups/{{eng.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"displayName","value":"Platform {{run}}"}]}
      """
    Then the response status is 200 or 204
    When JumpCloud sends PATCH "/Groups/{{eng.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","value":{"displayName":"Platform Team {{run}}"}}]}
      """
    Then the response status is 200 or 204
    When JumpCloud sends GET "/Groups/{{eng.id}}"
    Then the value at "/displayName" is "Platform Team {{run}}"
    When JumpCloud sends PUT "/Groups/{{eng.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"Platform Core {{run}}","members":[{"value":"{{alice.id}}"}]}
      """
    Then the response status is 200
    And the value at "/displayName" is "Platform Core {{run}}"
    And group "eng" has exactly the members "alice"

  @should @inferred
  Scenario: Deleting a managed group answers 204 and leaves its members in place
    A managed group deleted in JumpCloud is deleted in the application; its users remain (docs/idp/jumpcloud.md §2.6 [D behaviour, I method]; RFC 7644 §3.6).
    Given a group "engineering" exists with members "alice"
    When JumpCloud sends DELETE "/Groups/{{engineering.id}}"
    Then the response status is 204
    When JumpCloud sends GET "/Groups/{{engineering.id}}"
    Then the response is a SCIM Error with status 404
    When JumpCloud sends GET "/Users/{{alice.id}}"
    Then the response status is 200
    And the value at "/groups" is absent
