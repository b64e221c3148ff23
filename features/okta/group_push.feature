@okta
Feature: Okta pushes groups and their memberships (OIN / PATCH flavour)
  Group Push creates the group with a POST, reconciles its name with a path-less replace of id and
  displayName right after the create and after every membership update, and changes membership with
  PATCH add, filtered removes and "Push Now" replaces (docs/idp/okta.md §2.2–§2.5). Members are
  {value, display} objects with the SCIM user id and the login, without type (§3 Q11). Unlinking
  with "Delete the group in the target app" sends DELETE (§2.7). Every PATCH may be answered 200 with
  the group or 204, so each is followed by a read of the resulting state (§3 Q10).

  @must @documented @okta-oin
  Scenario: Push a new group without members, then reconcile its name
    Okta may look the group up by displayName, POSTs it with "members": [] (201 with the group and its id), then sends a path-less replace of id and displayName, which must not fail (docs/idp/okta.md §2.2 steps 1–3 [D][O]).
    Given the value "{{run}} Test SCIMv2" saved as "gname"
    When Okta sends GET "/Groups?filter=displayName%20eq%20%22{{gname | pct}}%22&startIndex=1&count=100"
    Then the response status is 200
    And the response is a ListResponse of Groups
    And the value at "/totalResults" is 0
    When Okta sends POST "/Groups" with:
      """
      {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],
       "displayName":"{{gname | json}}",
       "members":[]}
      """
    Then the response status is 201
    And the response is a valid Group
    And the value at "/id" is not empty
    And the value at "/displayName" is "{{gname}}"
    And the response is saved as "grp"
    When Okta sends PATCH "/Groups/{{grp.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
       "Operations":[{"op":"replace","value":{"id":"{{grp.id}}","displayName":"{{gname | json}}"}}]}
      """
    Then the response status is 200 or 204
    When Okta sends GET "/Groups/{{grp.id}}"
    Then the response status is 200
    And the value at "/id" is "{{grp.id}}"
    And the value at "/displayName" is "{{gname}}"
    And group "grp" has exactly the members ""
    When Okta sends GET "/Groups?filter=displayName%20eq%20%22{{gname | pct}}%22&startIndex=1&count=100"
    Then the response status is 200
    And the value at "/totalResults" is 1
    And the value at "/Resources/0/id" is "{{grp.id}}"

  @must @documented @observed @okta-oin
  Scenario: Push an empty group, then push its memberships immediately
    With "Push group memberships immediately" Okta follows the create and rename with PATCH add of members ({value: user id, display: login}, no type), then the rename again after the membership update (docs/idp/okta.md §2.2 step 4 [D][O], §2.3, §3 Q11 Q15).
    Given a user "alice" exists
    And a user "bob" exists
    And the value "{{run}} Test SCIMv2" saved as "gname"
    When Okta sends POST "/Groups" with:
      """
      {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],
       "displayName":"{{gname | json}}",
       "members":[]}
      """
    Then the response status is 201
    And the response is saved as "grp"
    When Okta sends PATCH "/Groups/{{grp.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
       "Operations":[{"op":"replace","value":{"id":"{{grp.id}}","displayName":"{{gname | json}}"}}]}
      """
    Then the response status is 200 or 204
    When Okta sends PATCH "/Groups/{{grp.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
       "Operations":[{"op":"add","path":"members",
                      "value":[{"value":"{{alice.id}}","display":"{{alice.userName | json}}"},
                               {"value":"{{bob.id}}","display":"{{bob.userName | json}}"}]}]}
      """
    Then the response status is 200 or 204
    When Okta sends PATCH "/Groups/{{grp.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
       "Operations":[{"op":"replace","value":{"id":"{{grp.id}}","displayName":"{{gname | json}}"}}]}
      """
    Then the response status is 200 or 204
    And group "grp" has exactly the members "alice,bob"
    And user "alice" belongs to exactly the groups "grp"
    And user "bob" belongs to exactly the groups "grp"
    When Okta sends GET "/Groups/{{grp.id}}"
    Then the response status is 200
    And the value at "/displayName" is "{{gname}}"

  @must @observed @okta-oin
  Scenario: Push a group whose POST already carries the members, then add the same members again
    The template app was seen POSTing the group with its members and then PATCH-adding the same members; the add must be idempotent, with no error and no duplicates (docs/idp/okta.md §2.2 step 2 variant and step 4 [O], §3 Q12).
    Given a user "alice" exists
    And a user "bob" exists
    And the value "{{run}} Droids" saved as "gname"
    When Okta sends POST "/Groups" with:
      """
      {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],
       "displayName":"{{gname | json}}",
       "members":[{"value":"{{alice.id}}","display":"{{alice.userName | json}}"},
                  {"value":"{{bob.id}}","display":"{{bob.userName | json}}"}]}
      """
    Then the response status is 201
    And the value at "/displayName" is "{{gname}}"
    And the member values at "/members" are exactly "alice,bob"
    And the response is saved as "grp"
    When Okta sends PATCH "/Groups/{{grp.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
       "Operations":[{"op":"replace","value":{"id":"{{grp.id}}","displayName":"{{gname | json}}"}}]}
      """
    Then the response status is 200 or 204
    When Okta sends PATCH "/Groups/{{grp.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
       "Operations":[{"op":"add","path":"members",
                      "value":[{"value":"{{alice.id}}","display":"{{alice.userName | json}}"},
                               {"value":"{{bob.id}}","display":"{{bob.userName | json}}"}]}]}
      """
    Then the response status is 200 or 204
    When Okta sends GET "/Groups/{{grp.id}}"
    Then the response status is 200
    And the value at "/members" has 2 items
    And group "grp" has exactly the members "alice,bob"
    And user "alice" belongs to exactly the groups "grp"

  @must @documented @okta-oin
  Scenario: Several removes and an add in one membership PATCH
    Okta batches membership changes as removes by members[value eq "…"] (no value) followed by one add, applied in order, and re-sends the rename afterwards (docs/idp/okta.md §2.3 [D], §3 Q14 Q15).
    Given a user "alice" exists
    And a user "bob" exists
    And a user "carol" exists
    And a user "dave" exists
    And a group "grp" exists with members "alice,bob,carol"
    When Okta sends PATCH "/Groups/{{grp.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
       "Operations":[
         {"op":"remove","path":"members[value eq \"{{alice.id}}\"]"},
         {"op":"remove","path":"members[value eq \"{{bob.id}}\"]"},
         {"op":"add","path":"members","value":[{"value":"{{dave.id}}","display":"{{dave.userName | json}}"}]}]}
      """
    Then the response status is 200 or 204
    When Okta sends PATCH "/Groups/{{grp.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
       "Operations":[{"op":"replace","value":{"id":"{{grp.id}}","displayName":"{{grp.displayName | json}}"}}]}
      """
    Then the response status is 200 or 204
    And group "grp" has exactly the members "carol,dave"
    And user "alice" belongs to exactly the groups ""
    And user "bob" belongs to exactly the groups ""
    And user "dave" belongs to exactly the groups "grp"
    When Okta sends GET "/Groups/{{grp.id}}"
    Then the response status is 200
    And the value at "/displayName" is "{{grp.displayName}}"

  @must @documented @okta-oin @tolerance-remove-no-match
  Scenario: A membership PATCH whose remove names a user no longer in the group
    Okta's documented batch removes members by value, one of which ("removeUser2") is not a member, then adds; the unmatched remove must be a no-op so the rest still applies (docs/idp/okta.md §2.3 [D], §3 Q14).
    Given a user "alice" exists
    And a user "bob" exists
    And a user "carol" exists
    And a group "grp" exists with members "alice,bob"
    When Okta sends PATCH "/Groups/{{grp.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
       "Operations":[
         {"op":"remove","path":"members[value eq \"{{alice.id}}\"]"},
         {"op":"remove","path":"members[value eq \"removeUser2\"]"},
         {"op":"add","path":"members","value":[{"value":"{{carol.id}}","display":"{{carol.userName | json}}"}]}]}
      """
    Then the response status is 200 or 204
    And group "grp" has exactly the members "bob,carol"
    And user "alice" belongs to exactly the groups ""
    And user "carol" belongs to exactly the groups "grp"

  @must @documented @test-suite @okta-oin
  Scenario: Removing a user from a pushed-only group changes only the membership
    Removing a member from a group that is pushed but not assigned to the app sends only the membership PATCH; the user stays active (docs/idp/okta.md §2.3 [D][T C9333]).
    Given a user "alice" exists
    And a user "bob" exists
    And a group "grp" exists with members "alice,bob"
    When Okta sends PATCH "/Groups/{{grp.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
       "Operations":[{"op":"remove","path":"members[value eq \"{{bob.id}}\"]"}]}
      """
    Then the response status is 200 or 204
    And group "grp" has exactly the members "alice"
    And user "bob" belongs to exactly the groups ""
    When Okta sends GET "/Users/{{bob.id}}"
    Then the response status is 200
    And the value at "/active" is true

  @must @documented @test-suite @okta-oin
  Scenario: Push Now replaces the whole member list
    "Push Now" overwrites the app group's membership with Okta's list by a replace of members; members added directly in the app disappear (docs/idp/okta.md §2.4 [D][T C9316]).
    Given a user "alice" exists
    And a user "bob" exists
    And a user "carol" exists
    And a group "grp" exists with members "alice,bob"
    When Okta sends PATCH "/Groups/{{grp.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
       "Operations":[{"op":"replace","path":"members",
                      "value":[{"value":"{{bob.id}}","display":"{{bob.userName | json}}"},
                               {"value":"{{carol.id}}","display":"{{carol.userName | json}}"}]}]}
      """
    Then the response status is 200 or 204
    And group "grp" has exactly the members "bob,carol"
    And user "alice" belongs to exactly the groups ""
    And user "carol" belongs to exactly the groups "grp"

  @must @observed @okta-oin
  Scenario: Push Now on an empty Okta group clears the members
    Push Now of an empty group replaces members with [], which must empty the group rather than fail with 400 or do nothing; OIN QA checks it (docs/idp/okta.md §2.4 [O] SCIM-SDK #757, [T C9316], §3 Q13).
    Given a user "alice" exists
    And a user "bob" exists
    And a group "grp" exists with members "alice,bob"
    When Okta sends PATCH "/Groups/{{grp.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
       "Operations":[{"op":"replace","path":"members","value":[]}]}
      """
    Then the response status is 200 or 204
    And group "grp" has exactly the members ""
    And user "alice" belongs to exactly the groups ""
    And user "bob" belongs to exactly the groups ""

  @must @observed @okta-oin
  Scenario: Push Now as a path-less replace of members
    Okta was also seen pushing the full membership as a path-less replace whose value holds only members, each with just a value; the other members go and the group keeps its name (docs/idp/okta.md §2.4 [O] Metatavu PR #101, Tealium docs, §3 Q1 Q11).
    Given a user "alice" exists
    And a user "bob" exists
    And a group "grp" exists with members "alice"
    When Okta sends PATCH "/Groups/{{grp.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
       "Operations":[{"op":"replace","value":{"members":[{"value":"{{bob.id}}"}]}}]}
      """
    Then the response status is 200 or 204
    And group "grp" has exactly the members "bob"
    When Okta sends GET "/Groups/{{grp.id}}"
    Then the response status is 200
    And the value at "/displayName" is "{{grp.displayName}}"

  @should @observed @okta-oin @tolerance-missing-schemas
  Scenario: Push Now as a path-less replace of id, displayName and empty members, logged without schemas
    A gateway logged Okta's Push Now as a path-less replace of id, displayName and "members": [] with no schemas member (possibly dropped by the log); a server should clear the members (docs/idp/okta.md §2.4 [O] scimgateway #111/#113, §3 Q2 Q13).
    Given a user "alice" exists
    And a group "grp" exists with members "alice"
    When Okta sends PATCH "/Groups/{{grp.id}}" with:
      """
      {"Operations":[{"op":"replace","value":{"id":"{{grp.id}}","displayName":"{{grp.displayName | json}}","members":[]}}]}
      """
    Then the response status is 200 or 204
    And group "grp" has exactly the members ""
    When Okta sends GET "/Groups/{{grp.id}}"
    Then the response status is 200
    And the value at "/displayName" is "{{grp.displayName}}"

  @must @documented @okta-oin
  Scenario: Rename a pushed group
    On a change of the Okta group's name Okta sends a path-less replace of id and the new displayName; the server takes the id from the URL, keeps the members, and answers 200 with the group or 204 (docs/idp/okta.md §2.5 [D], §3 Q2).
    Given a user "alice" exists
    And a group "grp" exists with members "alice"
    And the value "{{run}} New Group Name" saved as "newname"
    When Okta sends PATCH "/Groups/{{grp.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
       "Operations":[{"op":"replace","value":{"id":"{{grp.id}}","displayName":"{{newname | json}}"}}]}
      """
    Then the response status is 200 or 204
    When Okta sends GET "/Groups/{{grp.id}}"
    Then the response status is 200
    And the value at "/id" is "{{grp.id}}"
    And the value at "/displayName" is "{{newname}}"
    And group "grp" has exactly the members "alice"
    When Okta sends GET "/Groups?filter=displayName%20eq%20%22{{newname | pct}}%22&startIndex=1&count=100"
    Then the response status is 200
    And the value at "/totalResults" is 1
    And the value at "/Resources/0/id" is "{{grp.id}}"

  @must @documented @okta-oin
  Scenario: Rename a pushed group without id in the value
    Okta announced it would drop id from the rename value, so the server must read the id from the URL (docs/idp/okta.md §2.5 [D] 2018 doc note).
    Given a group "grp" exists
    And the value "{{run}} New Group Name" saved as "newname"
    When Okta sends PATCH "/Groups/{{grp.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
       "Operations":[{"op":"replace","value":{"displayName":"{{newname | json}}"}}]}
      """
    Then the response status is 200 or 204
    When Okta sends GET "/Groups/{{grp.id}}"
    Then the response status is 200
    And the value at "/id" is "{{grp.id}}"
    And the value at "/displayName" is "{{newname}}"

  @must @documented @test-suite @okta-oin
  Scenario: Link an existing app group found by displayName, rename it and push memberships
    "Link Group" finds the app group by displayName eq (startIndex=1&count=100), renames it when "Rename app groups" is on, and pushes membership with add; the app's existing members are kept and no second group is created (docs/idp/okta.md §2.2 step 1 [D], §2.5, §1.10, OIN QA C9315/C9330).
    Given a user "alice" exists
    And a user "bob" exists
    And a group "sales" exists with members "alice"
    When Okta sends GET "/Groups?startIndex=1&count=100"
    Then the response status is 200
    And the response is a ListResponse of Groups
    When Okta sends GET "/Groups?filter=displayName%20eq%20%22{{sales.displayName | pct}}%22&startIndex=1&count=100"
    Then the response status is 200
    And the value at "/totalResults" is 1
    And the value at "/Resources/0/id" is "{{sales.id}}"
    And the value at "/Resources/0/displayName" is "{{sales.displayName}}"
    Given the value "{{run}} Sales (Okta)" saved as "oktaname"
    When Okta sends PATCH "/Groups/{{sales.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
       "Operations":[{"op":"replace","value":{"id":"{{sales.id}}","displayName":"{{oktaname | json}}"}}]}
      """
    Then the response status is 200 or 204
    When Okta sends PATCH "/Groups/{{sales.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
       "Operations":[{"op":"add","path":"members",
                      "value":[{"value":"{{bob.id}}","display":"{{bob.userName | json}}"}]}]}
      """
    Then the response status is 200 or 204
    And group "sales" has exactly the members "alice,bob"
    When Okta sends GET "/Groups/{{sales.id}}"
    Then the response status is 200
    And the value at "/displayName" is "{{oktaname}}"
    When Okta sends GET "/Groups?filter=displayName%20eq%20%22{{oktaname | pct}}%22&startIndex=1&count=100"
    Then the response status is 200
    And the value at "/totalResults" is 1
    And the value at "/Resources/0/id" is "{{sales.id}}"

  @must @documented @test-suite
  Scenario: Unlink a pushed group and delete it in the app
    "Unlink pushed group → Delete the group in the target app" sends DELETE /Groups/{id}, answered 204 with no body; the group is gone afterwards and the member users are untouched (docs/idp/okta.md §2.7 [D][T C9318]).
    Given a user "alice" exists
    And a group "grp" exists with members "alice"
    When Okta sends GET "/Groups/{{grp.id}}"
    Then the response status is 200
    When Okta sends DELETE "/Groups/{{grp.id}}"
    Then the response status is 204
    And the response has no body
    When Okta sends GET "/Groups/{{grp.id}}"
    Then the response is a SCIM Error with status 404
    When Okta sends GET "/Users/{{alice.id}}"
    Then the response status is 200
    And the value at "/active" is true
    And user "alice" belongs to exactly the groups ""

  @should @inferred @okta-oin
  Scenario: Push a group that carries Okta's description extension
    Okta's SCIM 1.1 docs send a group description in a urn:okta:custom:group:1.0 object that the server may ignore; on 2.0 we infer the same and expect the unknown extension to be tolerated (docs/idp/okta.md §2.8 [D 1.1 only, I]).
    Given the value "{{run}} Described" saved as "gname"
    When Okta sends POST "/Groups" with:
      """
      {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group","urn:okta:custom:group:1.0"],
       "displayName":"{{gname | json}}",
       "members":[],
       "urn:okta:custom:group:1.0":{"description":"Pushed from Okta"}}
      """
    Then the response status is 201
    And the value at "/displayName" is "{{gname}}"
