@ping
Feature: Roles assigned through Ping-provisioned groups
  Eppo maps one IdP group per role (Admin, Data Owner, Experiment Editor, Viewer; names like
  "Eppo Admin"); Fennel makes each pushed group a role. Ping creates these groups with their
  members and, by default, moves a user between roles by PUTting each group's whole member list
  (docs/idp/ping.md §2.3, §2.4); with Group Name Source "Distinguished Name" the role groups are
  named by their DN (§2.1). The service provider reads the role from the SCIM state: the user is a
  member of exactly the right group, and User.groups says so.

  @must @documented @ping-group-put
  Scenario: Eppo's four role groups created with their members, then a user moved from Viewer to Admin by PUTs
    Ping POSTs each role group with displayName and members, then PUTs the old role group without the user and the new one with it; the user ends in exactly the new role group (docs/idp/ping.md §2.3 [D], §2.4 [D] PUT overwrite).
    Given a user "alice" exists
    And a user "bob" exists
    When Ping sends POST "/Groups" with:
      """
      {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"{{run}} Eppo Admin","members":[]}
      """
    Then the response status is 201
    And the response is saved as "admin"
    When Ping sends POST "/Groups" with:
      """
      {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"{{run}} Eppo Data Owner","members":[]}
      """
    Then the response status is 201
    And the response is saved as "dataOwner"
    When Ping sends POST "/Groups" with:
      """
      {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"{{run}} Eppo Experiment Editor","members":[{"value":"{{bob.id}}"}]}
      """
    Then the response status is 201
    And the response is saved as "editor"
    When Ping sends POST "/Groups" with:
      """
      {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"{{run}} Eppo Viewer","members":[{"value":"{{alice.id}}"}]}
      """
    Then the response status is 201
    And the response is saved as "viewer"
    And user "alice" belongs to exactly the groups "viewer"
    When Ping sends PUT "/Groups/{{viewer.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"{{run}} Eppo Viewer","members":[]}
      """
    Then the response status is 200 or 204
    When Ping sends PUT "/Groups/{{admin.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"{{run}} Eppo Admin","members":[{"value":"{{alice.id}}"}]}
      """
    Then the response status is 200 or 204
    And user "alice" belongs to exactly the groups "admin"
    And user "bob" belongs to exactly the groups "editor"
    And group "viewer" has exactly the members ""
    And group "dataOwner" has exactly the members ""
    And group "admin" has exactly the members "alice"

  @must @documented @ping-group-put @ping-groupname-dn
  Scenario: Fennel role groups named by their DN, and a user holding two roles loses one
    With DN group names each Fennel role group is called like CN=…,OU=Groups,DC=…; a user in two of them keeps exactly the other after the PUT of the first without it (docs/idp/ping.md §2.1 [D] option, §2.4 [D]).
    Given a user "alice" exists
    And a user "bob" exists
    When Ping sends POST "/Groups" with:
      """
      {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"CN={{run}} Fennel analysts,OU=Groups,DC=example,DC=com",
       "members":[{"value":"{{alice.id}}"},{"value":"{{bob.id}}"}]}
      """
    Then the response status is 201
    And the response is saved as "analysts"
    When Ping sends POST "/Groups" with:
      """
      {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"CN={{run}} Fennel platform,OU=Groups,DC=example,DC=com",
       "members":[{"value":"{{alice.id}}"}]}
      """
    Then the response status is 201
    And the response is saved as "platform"
    And user "alice" belongs to exactly the groups "analysts,platform"
    When Ping sends PUT "/Groups/{{analysts.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"CN={{run}} Fennel analysts,OU=Groups,DC=example,DC=com",
       "members":[{"value":"{{bob.id}}"}]}
      """
    Then the response status is 200 or 204
    And user "alice" belongs to exactly the groups "platform"
    And user "bob" belongs to exactly the groups "analysts"

  @should @inferred @ping-group-patch
  Scenario: With "Use PATCH for Group Updates" a role move is a remove on one group and an add on the other
    Under the PATCH option the move is presumably a remove by members[value eq "…"] on the old role group and an add on the new one; the user ends in exactly the new group (docs/idp/ping.md §2.4 [D] option, [I] shapes).
    Given a user "alice" exists
    And a group "viewer" exists with members "alice"
    And a group "editor" exists
    When Ping sends PATCH "/Groups/{{viewer.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
       "Operations":[{"op":"remove","path":"members[value eq \"{{alice.id}}\"]"}]}
      """
    Then the response status is 200 or 204
    When Ping sends PATCH "/Groups/{{editor.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
       "Operations":[{"op":"add","path":"members","value":[{"value":"{{alice.id}}"}]}]}
      """
    Then the response status is 200 or 204
    And user "alice" belongs to exactly the groups "editor"
    And group "viewer" has exactly the members ""

  @must @documented
  Scenario: Deleting a Fennel role group takes the role away from its members
    A role group deleted at the source is deleted on the target; its members stay but User.groups no longer lists it (docs/idp/ping.md §2.6 [D]).
    Given a user "alice" exists
    And a group "analysts" exists with members "alice"
    And a group "platform" exists with members "alice"
    When Ping sends DELETE "/Groups/{{analysts.id}}"
    Then the response status is 204
    And user "alice" belongs to exactly the groups "platform"
