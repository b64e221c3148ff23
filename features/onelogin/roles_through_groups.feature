@onelogin
Feature: Roles assigned through groups that OneLogin pushes
  OneLogin maps its roles to the service provider's groups with app Rules (docs/idp/onelogin.md §2,
  KB0013904): Eppo's role groups ("Eppo Admin", "Eppo Data Owner", "Eppo Experiment Editor",
  "Eppo Viewer") are created without members, and a role change is a member remove on the old
  group and an add on the new one, one PATCH per group (§2.2–§2.4). What the service provider reads
  must then say exactly one thing: the user is in exactly the right groups, and User.groups agrees.

  Background:
    Given a user "alice" exists
    And a user "bob" exists

  @onelogin-v2-core @onelogin-groups-on @must @observed @tolerance-members-remove-value
  Scenario: Eppo: create the four role groups, then move a user from Viewer to Experiment Editor
    OneLogin creates each role group without members, adds users one PATCH per group, and moves a user by a remove with a value array on the old group and an add on the new one; only the moved user's memberships change (docs/idp/onelogin.md §2.2, §2.3, §2.4 [O]).
    When OneLogin sends POST "/Groups" with:
      """
      {"displayName":"Eppo Admin {{run}}","schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"]}
      """
    Then the response status is 201 or 200
    And the response is saved as "admin"
    When OneLogin sends POST "/Groups" with:
      """
      {"displayName":"Eppo Data Owner {{run}}","schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"]}
      """
    Then the response status is 201 or 200
    And the response is saved as "dataowner"
    When OneLogin sends POST "/Groups" with:
      """
      {"displayName":"Eppo Experiment Editor {{run}}","schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"]}
      """
    Then the response status is 201 or 200
    And the response is saved as "editor"
    When OneLogin sends POST "/Groups" with:
      """
      {"displayName":"Eppo Viewer {{run}}","schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"]}
      """
    Then the response status is 201 or 200
    And the response is saved as "viewer"
    When OneLogin sends PATCH "/Groups/{{viewer.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"value":[{"value":"{{alice.id}}"}],"op":"add","path":"members"}]}
      """
    Then the response status is 200 or 204
    When OneLogin sends PATCH "/Groups/{{admin.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"value":[{"value":"{{bob.id}}"}],"op":"add","path":"members"}]}
      """
    Then the response status is 200 or 204
    Then user "alice" belongs to exactly the groups "viewer"
    And user "bob" belongs to exactly the groups "admin"
    When OneLogin sends PATCH "/Groups/{{viewer.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"value":[{"value":"{{alice.id}}"}],"op":"remove","path":"members"}]}
      """
    Then the response status is 200 or 204
    When OneLogin sends PATCH "/Groups/{{editor.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"value":[{"value":"{{alice.id}}"}],"op":"add","path":"members"}]}
      """
    Then the response status is 200 or 204
    Then user "alice" belongs to exactly the groups "editor"
    And user "bob" belongs to exactly the groups "admin"
    And group "viewer" has exactly the members ""
    And group "editor" has exactly the members "alice"
    And group "admin" has exactly the members "bob"
    And group "dataowner" has exactly the members ""

  @onelogin-v2-core @onelogin-groups-on @must @observed @tolerance-members-remove-value
  Scenario: Eppo: a user holding two roles loses one and keeps the other
    A rule change that takes one role away removes the user from that group only; the user's other role group and the other members are untouched (docs/idp/onelogin.md §2.4 [O]).
    Given a group "admin" exists with members "alice, bob"
    And a group "dataowner" exists with members "alice"
    When OneLogin sends PATCH "/Groups/{{admin.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"value":[{"value":"{{alice.id}}"}],"op":"remove","path":"members"}]}
      """
    Then the response status is 200 or 204
    Then user "alice" belongs to exactly the groups "dataowner"
    And user "bob" belongs to exactly the groups "admin"
    And group "admin" has exactly the members "bob"
