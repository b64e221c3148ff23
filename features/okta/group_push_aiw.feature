@okta @okta-aiw
Feature: Okta pushes groups with full PUTs (AIW / PUT flavour)
  App Integration Wizard apps cannot PATCH groups: Okta creates the group with a POST and then
  replaces it with a PUT of the whole group — id (sometimes omitted), displayName and the complete
  member list — for every rename and membership change (docs/idp/okta.md §2.6, §0.1). Group POST and PUT
  carry real membership; member display may be null (§2.6, §3 Q11).

  @must @documented @observed
  Scenario: Push a group, then PUT it empty and PUT it with its members
    Okta POSTs the group with "members": [] (201), PUTs it back with id, displayName and [] (200), then once users are provisioned PUTs it with the member list (200) (docs/idp/okta.md §2.6 [D][O] SimpleIdServer #247).
    Given a user "alice" exists
    And a user "bob" exists
    And the value "{{run}} SID" saved as "gname"
    When Okta sends POST "/Groups" with:
      """
      {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"{{gname | json}}","members":[]}
      """
    Then the response status is 201
    And the response is a valid Group
    And the value at "/displayName" is "{{gname}}"
    And the response is saved as "grp"
    When Okta sends PUT "/Groups/{{grp.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"id":"{{grp.id}}","displayName":"{{gname | json}}","members":[]}
      """
    Then the response status is 200
    And the value at "/id" is "{{grp.id}}"
    And the value at "/displayName" is "{{gname}}"
    When Okta sends PUT "/Groups/{{grp.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"id":"{{grp.id}}","displayName":"{{gname | json}}",
       "members":[{"value":"{{alice.id}}","display":"{{alice.userName | json}}"},
                  {"value":"{{bob.id}}","display":"{{bob.userName | json}}"}]}
      """
    Then the response status is 200
    And the value at "/id" is "{{grp.id}}"
    And the member values at "/members" are exactly "alice,bob"
    And group "grp" has exactly the members "alice,bob"
    And user "alice" belongs to exactly the groups "grp"
    And user "bob" belongs to exactly the groups "grp"

  @must @documented
  Scenario: A group PUT without id in the body
    Okta's documented AIW example omits id from the group PUT body; the server takes it from the URL (docs/idp/okta.md §2.6 [D]).
    Given a user "alice" exists
    And a group "grp" exists
    When Okta sends PUT "/Groups/{{grp.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"{{grp.displayName | json}}",
       "members":[{"value":"{{alice.id}}","display":"{{alice.userName | json}}"}]}
      """
    Then the response status is 200
    And the value at "/id" is "{{grp.id}}"
    And the value at "/displayName" is "{{grp.displayName}}"
    And group "grp" has exactly the members "alice"

  @must @observed
  Scenario: A group PUT whose members have display null
    AIW group PUTs were seen with "display": null on members; the server must not validate display and must keep the members (docs/idp/okta.md §2.6 [O] scimgateway #95, §3 Q11).
    Given a user "alice" exists
    And a user "bob" exists
    And a group "grp" exists
    When Okta sends PUT "/Groups/{{grp.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"id":"{{grp.id}}","displayName":"{{grp.displayName | json}}",
       "members":[{"value":"{{alice.id}}","display":null},{"value":"{{bob.id}}","display":null}]}
      """
    Then the response status is 200
    And group "grp" has exactly the members "alice,bob"

  @must @documented @observed
  Scenario: A membership change is a GET then a PUT of the whole list
    Okta reads the group and PUTs it back with the full new member list, so members missing from the PUT leave the group and new ones join (docs/idp/okta.md §2.6 [D] 2018 GET-then-PUT, [O] bitwarden PR #2139).
    Given a user "alice" exists
    And a user "bob" exists
    And a user "carol" exists
    And a group "grp" exists with members "alice,bob"
    When Okta sends GET "/Groups/{{grp.id}}"
    Then the response status is 200
    When Okta sends PUT "/Groups/{{grp.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"id":"{{grp.id}}","displayName":"{{grp.displayName | json}}",
       "members":[{"value":"{{bob.id}}","display":"{{bob.userName | json}}"},
                  {"value":"{{carol.id}}","display":"{{carol.userName | json}}"}]}
      """
    Then the response status is 200
    And group "grp" has exactly the members "bob,carol"
    And user "alice" belongs to exactly the groups ""
    And user "carol" belongs to exactly the groups "grp"

  @must @documented
  Scenario: Rename a group with a PUT
    A rename on an AIW app is a PUT of the whole group with the new displayName; the members in the PUT stay (docs/idp/okta.md §2.6 [D], §2.5).
    Given a user "alice" exists
    And a group "grp" exists with members "alice"
    And the value "{{run}} New Group Name" saved as "newname"
    When Okta sends PUT "/Groups/{{grp.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"id":"{{grp.id}}","displayName":"{{newname | json}}",
       "members":[{"value":"{{alice.id}}","display":"{{alice.userName | json}}"}]}
      """
    Then the response status is 200
    And the value at "/displayName" is "{{newname}}"
    When Okta sends GET "/Groups/{{grp.id}}"
    Then the response status is 200
    And the value at "/displayName" is "{{newname}}"
    And group "grp" has exactly the members "alice"

  @must @documented @test-suite
  Scenario: Push Now of an empty group is a PUT with no members
    A full push of an empty Okta group on an AIW app PUTs the group with "members": [], which must empty it (docs/idp/okta.md §2.6 [D], §2.4, §4.2 draft "Remove Group Members w/ PUT" [T]).
    Given a user "alice" exists
    And a group "grp" exists with members "alice"
    When Okta sends PUT "/Groups/{{grp.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"id":"{{grp.id}}","displayName":"{{grp.displayName | json}}","members":[]}
      """
    Then the response status is 200
    And group "grp" has exactly the members ""
    And user "alice" belongs to exactly the groups ""
