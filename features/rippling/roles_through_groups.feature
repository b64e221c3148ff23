@rippling
Feature: Roles assigned through Rippling's app groups
  Eppo maps one IdP group per role (Admin, Data Owner, Experiment Editor, Viewer); Fennel makes
  each pushed group a role. Rippling's "Mutually Exclusive Groups" fits a one-role-per-user model:
  a role change is a move between two app groups in two steps (docs/idp/rippling.md §2.4, §3 R7).
  Without exclusivity a user may hold several role groups. The service provider reads the role
  from the SCIM state: membership and User.groups. Shapes are unpublished: `@inferred`.

  @should @inferred @rippling-mutually-exclusive @rippling-patch-groups @rippling-create-delete-groups
  Scenario: Eppo role groups created by Rippling, and a user promoted from Viewer to Admin
    Rippling creates the role groups, adds the user to Viewer, then moves it to Admin with a remove and an add; the user ends in exactly the Admin group (docs/idp/rippling.md §2.3 §2.4 [I], §3 R7).
    Given a user "alice" exists
    When Rippling sends POST "/Groups" with:
      """
      {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"{{run}} Eppo Viewer","members":[{"value":"{{alice.id}}"}]}
      """
    Then the response status is 201
    And the response is saved as "viewer"
    When Rippling sends POST "/Groups" with:
      """
      {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"{{run}} Eppo Admin"}
      """
    Then the response status is 201
    And the response is saved as "admin"
    And user "alice" belongs to exactly the groups "viewer"
    When Rippling sends PATCH "/Groups/{{viewer.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
       "Operations":[{"op":"remove","path":"members[value eq \"{{alice.id}}\"]"}]}
      """
    Then the response status is 200 or 204
    When Rippling sends PATCH "/Groups/{{admin.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
       "Operations":[{"op":"add","path":"members","value":[{"value":"{{alice.id}}"}]}]}
      """
    Then the response status is 200 or 204
    And user "alice" belongs to exactly the groups "admin"
    And group "viewer" has exactly the members ""

  @should @inferred @rippling-not-exclusive @rippling-put-groups
  Scenario: Fennel role groups without exclusivity: a user holds two roles, and a full-list PUT takes one away
    Without Mutually Exclusive Groups a user may be in two role groups; a PUT of one group's full list without the user leaves exactly the other role (docs/idp/rippling.md §0.2 [O] option, §2.4 [I]).
    Given a user "alice" exists
    And a user "bob" exists
    And a group "analysts" exists with members "alice,bob"
    And a group "platform" exists with members "alice"
    And user "alice" belongs to exactly the groups "analysts,platform"
    When Rippling sends PUT "/Groups/{{analysts.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"{{analysts.displayName | json}}","members":[{"value":"{{bob.id}}"}]}
      """
    Then the response status is 200 or 204
    And user "alice" belongs to exactly the groups "platform"
    And user "bob" belongs to exactly the groups "analysts"
