@onelogin
Feature: OneLogin pushes groups and their memberships
  With the Groups parameter included in provisioning, OneLogin creates a group a rule names but the
  service provider lacks (no members in the body), then sends one member PATCH per group the user
  joins or leaves: add with a value array holding only the user's id, and remove with a value array
  on the unfiltered path "members" (docs/idp/onelogin.md §2.2–§2.4, §3 Q5, Q8). Group PUT and DELETE
  are not in OneLogin's call list (§2.5).

  Background:
    Given a user "alice" exists
    And a user "bob" exists

  @onelogin-v2-core @onelogin-groups-on @must @observed
  Scenario: Create a group without members
    The replay test creates "Group C" with displayName and schemas only, and reads the id from the 201 (or 200) (docs/idp/onelogin.md §2.2 [O][D]).
    When OneLogin sends POST "/Groups" with:
      """
      {"displayName":"Group C {{run}}","schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"]}
      """
    Then the response status is 201 or 200
    And the response is a valid Group
    And the value at "/id" is not empty
    And the value at "/displayName" is "Group C {{run}}"
    And the value at "/members" is absent

  @onelogin-v2-core @onelogin-groups-on @must @observed
  Scenario: A user joining two groups gets one add PATCH per group
    Each membership is its own PATCH with one add op whose member object carries only value; 200 with the group or 204 are both fine (docs/idp/onelogin.md §2.3 [O]).
    When OneLogin sends POST "/Groups" with:
      """
      {"displayName":"Group A {{run}}","schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"]}
      """
    Then the response status is 201 or 200
    And the response is saved as "groupa"
    When OneLogin sends POST "/Groups" with:
      """
      {"displayName":"Group B {{run}}","schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"]}
      """
    Then the response status is 201 or 200
    And the response is saved as "groupb"
    When OneLogin sends PATCH "/Groups/{{groupa.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"value":[{"value":"{{alice.id}}"}],"op":"add","path":"members"}]}
      """
    Then the response status is 200 or 204
    When OneLogin sends PATCH "/Groups/{{groupb.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"value":[{"value":"{{alice.id}}"}],"op":"add","path":"members"}]}
      """
    Then the response status is 200 or 204
    Then user "alice" belongs to exactly the groups "groupa, groupb"
    And group "groupa" has exactly the members "alice"
    And group "groupb" has exactly the members "alice"

  @onelogin-v2-core @onelogin-groups-on @must @observed @tolerance-members-remove-value
  Scenario: A remove with a value array on the unfiltered members path removes only that member
    OneLogin removes a member with op remove, path "members" (no filter) and value [{"value": id}]; a server that reads that as "remove all members" wipes the group, so the other member must stay (docs/idp/onelogin.md §2.4 [O], §3 Q5).
    Given a group "engineering" exists with members "alice, bob"
    When OneLogin sends PATCH "/Groups/{{engineering.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"value":[{"value":"{{alice.id}}"}],"op":"remove","path":"members"}]}
      """
    Then the response status is 200 or 204
    And group "engineering" has exactly the members "bob"
    And user "alice" belongs to exactly the groups ""
    And user "bob" belongs to exactly the groups "engineering"

  @onelogin-v2-core @onelogin-groups-on @should @inferred
  Scenario: A remove by the RFC filter members[value eq "…"] removes only that member
    A synthetic mock claims OneLogin removes with members[value eq "…"]; the replay test contradicts it, but the RFC form must work as well (docs/idp/onelogin.md §2.4 [I]; RFC 7644 §3.5.2.2).
    Given a group "engineering" exists with members "alice, bob"
    When OneLogin sends PATCH "/Groups/{{engineering.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"remove","path":"members[value eq \"{{alice.id}}\"]"}]}
      """
    Then the response status is 200 or 204
    And group "engineering" has exactly the members "bob"

  @onelogin-v2-core @onelogin-groups-on @must @observed
  Scenario: The group list before a membership change shows the group with its id and displayName
    Before each membership change the replay test reads GET /Groups?count=100&startIndex=1 and finds the group by displayName; members are not needed in that list (docs/idp/onelogin.md §2.1 [O]).
    Given a group "engineering" exists with members "alice"
    When OneLogin sends GET "/Groups?count=100&startIndex=1"
    Then the response status is 200
    And the response is a ListResponse of Groups
    And every resource has the value at "/displayName" present
    When OneLogin sends PATCH "/Groups/{{engineering.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"value":[{"value":"{{bob.id}}"}],"op":"add","path":"members"}]}
      """
    Then the response status is 200 or 204
    And group "engineering" has exactly the members "alice, bob"
