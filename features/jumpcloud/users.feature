@jumpcloud
Feature: JumpCloud provisions users with core-schema-only bodies
  JumpCloud maps username, first and last name, email and status to the core User schema and sends
  no extension and no custom attribute (docs/idp/jumpcloud.md §0.2, §1.3, §3 Q8). Its lookup,
  update method and query encoding are unpublished, so every scenario here is an inference that
  accepts each outcome the notes allow (§1.2, §1.5, §0.5).

  @should @inferred
  Scenario: A lookup by userName finds nothing before a create, in either encoding and operator case
    The lookup is most likely GET /Users?filter=userName eq "…"; the server must decode %20 and + and read eq in any case (docs/idp/jumpcloud.md §1.2 [I], §0.5 [I]; RFC 7644 §3.4.2.2).
    When JumpCloud sends GET "/Users?filter=userName%20eq%20%22{{run}}.jdoe%40example.com%22"
    Then the response status is 200
    And the value at "/totalResults" is 0
    When JumpCloud sends GET "/Users?filter=userName+EQ+%22{{run}}.jdoe%40example.com%22"
    Then the response status is 200
    And the value at "/totalResults" is 0

  @should @inferred
  Scenario: Create a user with a core-schema-only body, then update it with one replace per attribute
    The hypothetical create body is core only; the JumpCloud-named fixture updates with one replace op per attribute, active last as a boolean (docs/idp/jumpcloud.md §1.3 [I], §1.5 [O-weak]).
    When JumpCloud sends POST "/Users" with:
      """
      {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"{{run}}.jdoe@example.com","name":{"givenName":"John","familyName":"Doe"},"emails":[{"value":"{{run}}.jdoe@example.com","type":"work","primary":true}],"active":true}
      """
    Then the response status is 201
    And the response is a valid User
    And the value at "/schemas" does not contain "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
    And the response is saved as "jdoe"
    When JumpCloud sends PATCH "/Users/{{jdoe.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"name.givenName","value":"Johnny"},{"op":"replace","path":"name.familyName","value":"Doe-Smith"},{"op":"replace","path":"active","value":false}]}
      """
    Then the response status is 200 or 204
    When JumpCloud sends GET "/Users/{{jdoe.id}}"
    Then the value at "/name/givenName" is "Johnny"
    And the value at "/name/familyName" is "Doe-Smith"
    And the value at "/active" is false

  @jumpcloud-user-put @should @inferred
  Scenario: Update a user with a full PUT of its core attributes
    JumpCloud's update method is unknown; a full PUT of the mapped attributes must work as well as PATCH (docs/idp/jumpcloud.md §1.5 [I], §3 Q10).
    Given a user "jdoe" exists
    When JumpCloud sends PUT "/Users/{{jdoe.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"{{jdoe.userName | json}}","name":{"givenName":"John","familyName":"Put"},"emails":[{"value":"{{jdoe.userName | json}}","type":"work","primary":true}],"active":true}
      """
    Then the response status is 200
    And the value at "/name/familyName" is "Put"
    And the value at "/id" is "{{jdoe.id}}"

  @should @inferred
  Scenario: Delete a user: 204, then 404 on a repeat
    JumpCloud deletes at least its activation test user; a repeated DELETE of the same user is 404 (docs/idp/jumpcloud.md §1.6 [D for the test user, I at run time]; RFC 7644 §3.6).
    Given a user "jdoe" exists
    When JumpCloud sends DELETE "/Users/{{jdoe.id}}"
    Then the response status is 204
    When JumpCloud sends DELETE "/Users/{{jdoe.id}}"
    Then the response is a SCIM Error with status 404

  @should @inferred
  Scenario: Import reads users by plain paging, without filter or sort
    JumpCloud's import from the service provider lists users page by page and supports no search or sorting (docs/idp/jumpcloud.md §1.2 [D feature, I parameters]; RFC 7644 §3.4.2.4).
    Given 3 users named "import" exist
    When JumpCloud sends GET "/Users?startIndex=1&count=2"
    Then the response status is 200
    And the response is a ListResponse of Users
    And the value at "/startIndex" is 1
    And the value at "/itemsPerPage" is 2
    And the value at "/Resources" has 2 items

  @should @inferred
  Scenario: Unbinding a group deactivates each of its members, one update per user
    Disassociating a bound group deactivates every member not covered by another managed group: a burst of deactivations, and no request for the group itself (docs/idp/jumpcloud.md §1.5 [D], §2.6, §3 Q5 [I on fan-out]).
    Given 3 users named "member" exist
    And a group "bound" exists with members "member-1, member-2, member-3"
    When JumpCloud sends PATCH "/Users/{{member-1.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"active","value":false}]}
      """
    Then the response status is 200 or 204
    When JumpCloud sends PATCH "/Users/{{member-2.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"active","value":false}]}
      """
    Then the response status is 200 or 204
    When JumpCloud sends PATCH "/Users/{{member-3.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"active","value":false}]}
      """
    Then the response status is 200 or 204
    When JumpCloud sends GET "/Users/{{member-2.id}}"
    Then the value at "/active" is false
    And group "bound" has exactly the members "member-1, member-2, member-3"
