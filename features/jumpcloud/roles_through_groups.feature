@jumpcloud
Feature: Roles assigned through groups that JumpCloud manages
  JumpCloud sends no custom attributes, so roles come through groups (docs/idp/jumpcloud.md §3 Q8,
  §5): Eppo's role groups ("Eppo Admin", "Eppo Viewer", …) exist in the application and are taken
  over by name, and a role change is a member remove on the old group and an add on the new one
  (§2.1, §2.3, §2.4). The service provider must then read exactly the right memberships.

  Background:
    Given a user "alice" exists
    And a user "bob" exists
    And a group "admin" exists with members "bob"
    And a group "viewer" exists with members "alice"
    And a group "editor" exists

  @must @observed @tolerance-members-remove-value
  Scenario: Eppo: move a user from Viewer to Experiment Editor
    JumpCloud removes the user from the old role group with a value array on the unfiltered members path and adds it to the new one; only that user's memberships change (docs/idp/jumpcloud.md §2.3, §2.4 [O]).
    When JumpCloud sends PATCH "/Groups/{{viewer.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"remove","path":"members","value":[{"value":"{{alice.id}}"}]}]}
      """
    Then the response status is 200 or 204
    When JumpCloud sends PATCH "/Groups/{{editor.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"add","path":"members","value":[{"value":"{{alice.id}}"}]}]}
      """
    Then the response status is 200 or 204
    Then user "alice" belongs to exactly the groups "editor"
    And user "bob" belongs to exactly the groups "admin"
    And group "viewer" has exactly the members ""

  @should @inferred
  Scenario: Eppo: move a user with the RFC filter form of remove
    The same move where JumpCloud removes with members[value eq "…"] (docs/idp/jumpcloud.md §2.4 [I]).
    When JumpCloud sends PATCH "/Groups/{{viewer.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"remove","path":"members[value eq \"{{alice.id}}\"]"}]}
      """
    Then the response status is 200 or 204
    When JumpCloud sends PATCH "/Groups/{{admin.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"add","path":"members","value":[{"value":"{{alice.id}}"}]}]}
      """
    Then the response status is 200 or 204
    Then user "alice" belongs to exactly the groups "admin"
    And group "admin" has exactly the members "alice, bob"
