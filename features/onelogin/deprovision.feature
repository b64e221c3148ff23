@onelogin
Feature: OneLogin deprovisions a user: out of every group first, then suspend or delete
  When a user loses the app, OneLogin first removes it from each of its groups (one member PATCH
  per group, remove with a value array on the unfiltered path "members"), then either suspends it
  with a PUT carrying active false or deletes it, as the app's "Delete / Suspend" setting says
  (docs/idp/onelogin.md §1.6, §2.4, §0.2).

  Background:
    Given a user "alice" exists
    And a user "bob" exists
    And a group "engineering" exists with members "alice, bob"
    And a group "analytics" exists with members "alice"

  @onelogin-v2-core @onelogin-suspend @must @observed @tolerance-members-remove-value
  Scenario: Suspend: remove the user from each group, then PUT it with active false
    The replay test's "should deactivate user" removes the user from each of its groups, then PUTs the template with active false; the user stays readable, inactive and in no group, and the other members stay (docs/idp/onelogin.md §1.6 [O], §2.4 [O]).
    When OneLogin sends PATCH "/Groups/{{engineering.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"value":[{"value":"{{alice.id}}"}],"op":"remove","path":"members"}]}
      """
    Then the response status is 200 or 204
    When OneLogin sends PATCH "/Groups/{{analytics.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"value":[{"value":"{{alice.id}}"}],"op":"remove","path":"members"}]}
      """
    Then the response status is 200 or 204
    When OneLogin sends PUT "/Users/{{alice.id}}?" with:
      """
      {"userName":"{{alice.userName | json}}","name":{"givenName":"Alice","familyName":"Test"},"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"emails":[{"primary":true,"type":"work","value":"{{alice.userName | json}}"}],"active":false}
      """
    Then the response status is 200
    And the value at "/active" is false
    When OneLogin sends GET "/Users/{{alice.id}}"
    Then the response status is 200
    And the value at "/active" is false
    Then user "alice" belongs to exactly the groups ""
    And group "engineering" has exactly the members "bob"
    And group "analytics" has exactly the members ""

  @onelogin-v2-core @onelogin-delete @must @documented @tolerance-members-remove-value
  Scenario: Delete: remove the user from each group, then DELETE it
    With "Delete" chosen, the removals are followed by DELETE /Users/{id}, answered 204; the user is gone and the groups keep their other members (docs/idp/onelogin.md §1.6 [D call list, O order]).
    When OneLogin sends PATCH "/Groups/{{engineering.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"value":[{"value":"{{alice.id}}"}],"op":"remove","path":"members"}]}
      """
    Then the response status is 200 or 204
    When OneLogin sends PATCH "/Groups/{{analytics.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"value":[{"value":"{{alice.id}}"}],"op":"remove","path":"members"}]}
      """
    Then the response status is 200 or 204
    When OneLogin sends DELETE "/Users/{{alice.id}}"
    Then the response status is 204
    When OneLogin sends GET "/Users/{{alice.id}}"
    Then the response is a SCIM Error with status 404
    And group "engineering" has exactly the members "bob"
    And group "analytics" has exactly the members ""
