@okta
Feature: Roles assigned through Okta-pushed groups
  The apps this tool is for derive roles from pushed groups. Eppo maps one IdP group per role
  (Admin, Data Owner, Experiment Editor, Viewer; groups named like "Eppo Admin"); Fennel makes each
  pushed group a role. Okta creates these groups with Group Push and moves a user between roles
  with the membership requests of docs/idp/okta.md §2.2–§2.6: PATCH remove and add (OIN), "Push Now"
  replaces, or PUTs of the whole group (AIW). The service provider reads the role from the SCIM
  state: the user is a member of exactly the right group, and User.groups says so.

  @must @documented @observed @okta-oin
  Scenario: Push Eppo's four role groups and give a user the Viewer role
    Okta pushes each role group with a POST ("members": []) and the rename PATCH, then adds the user to the Viewer group with PATCH add and the rename again; only that group holds the user (docs/idp/okta.md §2.2 [D][O], §2.3).
    Given a user "alice" exists
    When Okta sends POST "/Groups" with:
      """
      {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"{{run}} Eppo Admin","members":[]}
      """
    Then the response status is 201
    And the response is saved as "admin"
    When Okta sends PATCH "/Groups/{{admin.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
       "Operations":[{"op":"replace","value":{"id":"{{admin.id}}","displayName":"{{run}} Eppo Admin"}}]}
      """
    Then the response status is 200 or 204
    When Okta sends POST "/Groups" with:
      """
      {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"{{run}} Eppo Data Owner","members":[]}
      """
    Then the response status is 201
    And the response is saved as "dataOwner"
    When Okta sends PATCH "/Groups/{{dataOwner.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
       "Operations":[{"op":"replace","value":{"id":"{{dataOwner.id}}","displayName":"{{run}} Eppo Data Owner"}}]}
      """
    Then the response status is 200 or 204
    When Okta sends POST "/Groups" with:
      """
      {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"{{run}} Eppo Experiment Editor","members":[]}
      """
    Then the response status is 201
    And the response is saved as "editor"
    When Okta sends PATCH "/Groups/{{editor.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
       "Operations":[{"op":"replace","value":{"id":"{{editor.id}}","displayName":"{{run}} Eppo Experiment Editor"}}]}
      """
    Then the response status is 200 or 204
    When Okta sends POST "/Groups" with:
      """
      {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"{{run}} Eppo Viewer","members":[]}
      """
    Then the response status is 201
    And the response is saved as "viewer"
    When Okta sends PATCH "/Groups/{{viewer.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
       "Operations":[{"op":"replace","value":{"id":"{{viewer.id}}","displayName":"{{run}} Eppo Viewer"}}]}
      """
    Then the response status is 200 or 204
    When Okta sends PATCH "/Groups/{{viewer.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
       "Operations":[{"op":"add","path":"members","value":[{"value":"{{alice.id}}","display":"{{alice.userName | json}}"}]}]}
      """
    Then the response status is 200 or 204
    When Okta sends PATCH "/Groups/{{viewer.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
       "Operations":[{"op":"replace","value":{"id":"{{viewer.id}}","displayName":"{{run}} Eppo Viewer"}}]}
      """
    Then the response status is 200 or 204
    And user "alice" belongs to exactly the groups "viewer"
    And group "viewer" has exactly the members "alice"
    And group "admin" has exactly the members ""
    And group "dataOwner" has exactly the members ""
    And group "editor" has exactly the members ""
    When Okta sends GET "/Groups?filter=displayName%20eq%20%22{{viewer.displayName | pct}}%22&startIndex=1&count=100"
    Then the response status is 200
    And the value at "/totalResults" is 1
    And the value at "/Resources/0/id" is "{{viewer.id}}"

  @must @documented @okta-oin
  Scenario: Move a user from Eppo Viewer to Eppo Experiment Editor with PATCH remove and add
    Moving the user between Okta groups makes Okta update each pushed group: a remove by members[value eq "…"] on the old role group and an add on the new one, each followed by the rename; the user ends in exactly the new role group (docs/idp/okta.md §2.3 [D], §2.2 step 4).
    Given a user "alice" exists
    And a user "bob" exists
    When Okta sends POST "/Groups" with:
      """
      {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"{{run}} Eppo Viewer","members":[]}
      """
    Then the response status is 201
    And the response is saved as "viewer"
    When Okta sends POST "/Groups" with:
      """
      {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"{{run}} Eppo Experiment Editor","members":[]}
      """
    Then the response status is 201
    And the response is saved as "editor"
    When Okta sends PATCH "/Groups/{{viewer.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
       "Operations":[{"op":"add","path":"members","value":[{"value":"{{alice.id}}","display":"{{alice.userName | json}}"},{"value":"{{bob.id}}","display":"{{bob.userName | json}}"}]}]}
      """
    Then the response status is 200 or 204
    And user "alice" belongs to exactly the groups "viewer"
    When Okta sends PATCH "/Groups/{{viewer.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
       "Operations":[{"op":"remove","path":"members[value eq \"{{alice.id}}\"]"}]}
      """
    Then the response status is 200 or 204
    When Okta sends PATCH "/Groups/{{viewer.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
       "Operations":[{"op":"replace","value":{"id":"{{viewer.id}}","displayName":"{{run}} Eppo Viewer"}}]}
      """
    Then the response status is 200 or 204
    When Okta sends PATCH "/Groups/{{editor.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
       "Operations":[{"op":"add","path":"members","value":[{"value":"{{alice.id}}","display":"{{alice.userName | json}}"}]}]}
      """
    Then the response status is 200 or 204
    When Okta sends PATCH "/Groups/{{editor.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
       "Operations":[{"op":"replace","value":{"id":"{{editor.id}}","displayName":"{{run}} Eppo Experiment Editor"}}]}
      """
    Then the response status is 200 or 204
    And user "alice" belongs to exactly the groups "editor"
    And user "bob" belongs to exactly the groups "viewer"
    And group "viewer" has exactly the members "bob"
    And group "editor" has exactly the members "alice"

  @must @documented @test-suite @okta-oin
  Scenario: Move a user between Eppo role groups with Push Now
    "Push Now" replaces each pushed group's whole member list, so a user dropped from Admin and listed in Data Owner ends in exactly Data Owner; members added in the app directly disappear (docs/idp/okta.md §2.4 [D][T C9316]).
    Given a user "alice" exists
    And a user "bob" exists
    When Okta sends POST "/Groups" with:
      """
      {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"{{run}} Eppo Admin",
       "members":[{"value":"{{alice.id}}","display":"{{alice.userName | json}}"},{"value":"{{bob.id}}","display":"{{bob.userName | json}}"}]}
      """
    Then the response status is 201
    And the response is saved as "admin"
    When Okta sends POST "/Groups" with:
      """
      {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"{{run}} Eppo Data Owner","members":[]}
      """
    Then the response status is 201
    And the response is saved as "dataOwner"
    And user "alice" belongs to exactly the groups "admin"
    When Okta sends PATCH "/Groups/{{admin.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
       "Operations":[{"op":"replace","path":"members",
                      "value":[{"value":"{{bob.id}}","display":"{{bob.userName | json}}"}]}]}
      """
    Then the response status is 200 or 204
    When Okta sends PATCH "/Groups/{{dataOwner.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
       "Operations":[{"op":"replace","path":"members",
                      "value":[{"value":"{{alice.id}}","display":"{{alice.userName | json}}"}]}]}
      """
    Then the response status is 200 or 204
    And user "alice" belongs to exactly the groups "dataOwner"
    And user "bob" belongs to exactly the groups "admin"
    And group "admin" has exactly the members "bob"
    And group "dataOwner" has exactly the members "alice"

  @must @documented @okta-oin
  Scenario: A user with two Eppo roles loses one of them
    A user in two role groups is a member of both; removing it from one with a filtered remove leaves exactly the other (docs/idp/okta.md §2.3 [D]).
    Given a user "alice" exists
    When Okta sends POST "/Groups" with:
      """
      {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"{{run}} Eppo Admin","members":[]}
      """
    Then the response status is 201
    And the response is saved as "admin"
    When Okta sends POST "/Groups" with:
      """
      {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"{{run}} Eppo Data Owner","members":[]}
      """
    Then the response status is 201
    And the response is saved as "dataOwner"
    When Okta sends PATCH "/Groups/{{admin.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
       "Operations":[{"op":"add","path":"members","value":[{"value":"{{alice.id}}","display":"{{alice.userName | json}}"}]}]}
      """
    Then the response status is 200 or 204
    When Okta sends PATCH "/Groups/{{dataOwner.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
       "Operations":[{"op":"add","path":"members","value":[{"value":"{{alice.id}}","display":"{{alice.userName | json}}"}]}]}
      """
    Then the response status is 200 or 204
    And user "alice" belongs to exactly the groups "admin,dataOwner"
    When Okta sends PATCH "/Groups/{{admin.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
       "Operations":[{"op":"remove","path":"members[value eq \"{{alice.id}}\"]"}]}
      """
    Then the response status is 200 or 204
    And user "alice" belongs to exactly the groups "dataOwner"
    And group "admin" has exactly the members ""

  @must @documented @observed @okta-aiw
  Scenario: Move a user between Eppo role groups on an AIW app with group PUTs
    AIW apps change membership by PUTting each whole group: the old role group without the user, the new one with it (docs/idp/okta.md §2.6 [D][O]).
    Given a user "alice" exists
    And a user "bob" exists
    When Okta sends POST "/Groups" with:
      """
      {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"{{run}} Eppo Viewer","members":[]}
      """
    Then the response status is 201
    And the response is saved as "viewer"
    When Okta sends POST "/Groups" with:
      """
      {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"{{run}} Eppo Admin","members":[]}
      """
    Then the response status is 201
    And the response is saved as "admin"
    When Okta sends PUT "/Groups/{{viewer.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"id":"{{viewer.id}}","displayName":"{{run}} Eppo Viewer",
       "members":[{"value":"{{alice.id}}","display":"{{alice.userName | json}}"},{"value":"{{bob.id}}","display":"{{bob.userName | json}}"}]}
      """
    Then the response status is 200
    And user "alice" belongs to exactly the groups "viewer"
    When Okta sends PUT "/Groups/{{viewer.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"id":"{{viewer.id}}","displayName":"{{run}} Eppo Viewer",
       "members":[{"value":"{{bob.id}}","display":"{{bob.userName | json}}"}]}
      """
    Then the response status is 200
    When Okta sends PUT "/Groups/{{admin.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"id":"{{admin.id}}","displayName":"{{run}} Eppo Admin",
       "members":[{"value":"{{alice.id}}","display":"{{alice.userName | json}}"}]}
      """
    Then the response status is 200
    And user "alice" belongs to exactly the groups "admin"
    And user "bob" belongs to exactly the groups "viewer"
    And group "viewer" has exactly the members "bob"
    And group "admin" has exactly the members "alice"

  @must @documented @observed @okta-oin
  Scenario: Fennel role groups pushed with their members, and a user moved between them
    Fennel makes each pushed group a role: Okta POSTs each group with its members, adds them again (idempotent), then moves a user with the documented batch (remove by filter, add) on one group and an add on the other (docs/idp/okta.md §2.2 [D][O], §2.3 [D], §3 Q12 Q14).
    Given a user "alice" exists
    And a user "bob" exists
    And a user "carol" exists
    When Okta sends POST "/Groups" with:
      """
      {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"{{run}} Fennel analysts",
       "members":[{"value":"{{alice.id}}","display":"{{alice.userName | json}}"},{"value":"{{bob.id}}","display":"{{bob.userName | json}}"}]}
      """
    Then the response status is 201
    And the response is saved as "analysts"
    When Okta sends PATCH "/Groups/{{analysts.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
       "Operations":[{"op":"add","path":"members","value":[{"value":"{{alice.id}}","display":"{{alice.userName | json}}"},{"value":"{{bob.id}}","display":"{{bob.userName | json}}"}]}]}
      """
    Then the response status is 200 or 204
    When Okta sends POST "/Groups" with:
      """
      {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"{{run}} Fennel platform",
       "members":[{"value":"{{carol.id}}","display":"{{carol.userName | json}}"}]}
      """
    Then the response status is 201
    And the response is saved as "platform"
    And user "bob" belongs to exactly the groups "analysts"
    When Okta sends PATCH "/Groups/{{analysts.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
       "Operations":[
         {"op":"remove","path":"members[value eq \"{{bob.id}}\"]"},
         {"op":"add","path":"members","value":[{"value":"{{carol.id}}","display":"{{carol.userName | json}}"}]}]}
      """
    Then the response status is 200 or 204
    When Okta sends PATCH "/Groups/{{platform.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
       "Operations":[{"op":"add","path":"members","value":[{"value":"{{bob.id}}","display":"{{bob.userName | json}}"}]}]}
      """
    Then the response status is 200 or 204
    And user "bob" belongs to exactly the groups "platform"
    And user "carol" belongs to exactly the groups "analysts,platform"
    And user "alice" belongs to exactly the groups "analysts"
    And group "analysts" has exactly the members "alice,carol"
    And group "platform" has exactly the members "bob,carol"

  @must @documented @test-suite
  Scenario: Deleting a Fennel role group takes the role away from its members
    Unlinking a pushed group with "Delete the group in the target app" sends DELETE; the users stay but no longer belong to the group, so User.groups no longer lists it (docs/idp/okta.md §2.7 [D][T C9318]).
    Given a user "alice" exists
    When Okta sends POST "/Groups" with:
      """
      {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"{{run}} Fennel analysts",
       "members":[{"value":"{{alice.id}}","display":"{{alice.userName | json}}"}]}
      """
    Then the response status is 201
    And the response is saved as "analysts"
    When Okta sends POST "/Groups" with:
      """
      {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"{{run}} Fennel platform",
       "members":[{"value":"{{alice.id}}","display":"{{alice.userName | json}}"}]}
      """
    Then the response status is 201
    And the response is saved as "platform"
    And user "alice" belongs to exactly the groups "analysts,platform"
    When Okta sends DELETE "/Groups/{{analysts.id}}"
    Then the response status is 204
    And user "alice" belongs to exactly the groups "platform"
    When Okta sends GET "/Users/{{alice.id}}"
    Then the response status is 200
    And the value at "/active" is true
