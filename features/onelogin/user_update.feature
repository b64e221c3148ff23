@onelogin
Feature: OneLogin updates a user with a full PUT of its template
  OneLogin has no user PATCH: every attribute change, role change or re-enable is
  PUT /Users/{id}? (a bare "?" with an empty query) whose body is the whole rendered template
  (docs/idp/onelogin.md §1.5, §3 Q1, Q2). Whatever the template omits is absent from every update;
  RFC 7644 §3.5.1 lets the server clear such readWrite attributes, but nothing else may be lost:
  not the id, not the user's group memberships, which only group PATCHes change.

  Background:
    Given a user "alice" exists

  @onelogin-v2-enterprise @must @observed @tolerance-legacy-schema-urn
  Scenario: The captured update: a lookup with + and &, then a PUT with a bare ? and SCIM 1.x-style URNs
    The authentik capture shows GET /Users?filter=userName+eq+%22…%22& followed by PUT /Users/{id}? whose body lists urn:scim:schemas:core:2.0 and carries a familyName with a leading space; the update succeeds with 200 and the values as sent (docs/idp/onelogin.md §0.5 [O], §1.5 [O], §3 Q1, Q3).
    When OneLogin sends GET "/Users?filter=userName+eq+%22{{alice.userName | form}}%22&"
    Then the response status is 200
    And the value at "/Resources/0/id" is "{{alice.id}}"
    When OneLogin sends PUT "/Users/{{alice.id}}?" with:
      """
      {"schemas":["urn:scim:schemas:core:2.0","urn:scim:schemas:extension:enterprise:2.0"],
       "userName":"{{alice.userName | json}}",
       "name":{"familyName":" User 01","givenName":"AAA Test"},
       "emails":[{"value":"{{alice.userName | json}}","type":"work","primary":true}]}
      """
    Then the response status is 200
    And the response is a valid User
    And the value at "/id" is "{{alice.id}}"
    And the value at "/name/familyName" is " User 01"
    And the value at "/name/givenName" is "AAA Test"
    And the value at "/schemas" contains "urn:ietf:params:scim:schemas:core:2.0:User"

  @onelogin-v2-core @must @observed
  Scenario: Update a user with a PUT of the standard template and a bare ?
    The replay test's "should update user" is a PUT of the whole template; the router must accept the empty query of PUT /Users/{id}? and answer 200 with the resource (docs/idp/onelogin.md §1.5 [O], §0.5, §3 Q1).
    When OneLogin sends PUT "/Users/{{alice.id}}?" with:
      """
      {"userName":"{{alice.userName | json}}",
       "name":{"givenName":"Alice","familyName":"Renamed"},
       "schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],
       "emails":[{"primary":true,"type":"work","value":"{{alice.userName | json}}"}],
       "active":true}
      """
    Then the response status is 200
    And the response is a valid User
    And the value at "/id" is "{{alice.id}}"
    And the value at "/name/familyName" is "Renamed"
    When OneLogin sends GET "/Users/{{alice.id}}"
    Then the value at "/name/familyName" is "Renamed"
    And the value at "/userName" is "{{alice.userName}}"

  @onelogin-v2-core @must @observed @rfc7644-3.5.1
  Scenario: A PUT from a template that omits attributes keeps the user's id and group memberships
    The template carries neither groups nor most attributes; RFC 7644 §3.5.1 allows clearing omitted readWrite attributes, but the id and the memberships (changed only by group PATCHes) must survive every update (docs/idp/onelogin.md §1.5 [O], §3 Q2 [O+I]; RFC 7644 §3.5.1).
    Given a group "engineering" exists with members "alice"
    When OneLogin sends PUT "/Users/{{alice.id}}?" with:
      """
      {"userName":"{{alice.userName | json}}",
       "name":{"givenName":"Alice","familyName":"Template"},
       "schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],
       "emails":[{"primary":true,"type":"work","value":"{{alice.userName | json}}"}]}
      """
    Then the response status is 200
    And the value at "/id" is "{{alice.id}}"
    And the value at "/userName" is "{{alice.userName}}"
    Then user "alice" belongs to exactly the groups "engineering"
    And group "engineering" has exactly the members "alice"

  @onelogin-v2-core @should @inferred
  Scenario: Re-enable a suspended user with a PUT carrying active true
    A suspended user that is re-assigned gets the template again, with active true when the template maps it (docs/idp/onelogin.md §1.5, §1.6 [I on the template]).
    When OneLogin sends PUT "/Users/{{alice.id}}?" with:
      """
      {"userName":"{{alice.userName | json}}","name":{"givenName":"Alice","familyName":"Test"},"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"emails":[{"primary":true,"type":"work","value":"{{alice.userName | json}}"}],"active":false}
      """
    Then the response status is 200
    And the value at "/active" is false
    When OneLogin sends PUT "/Users/{{alice.id}}?" with:
      """
      {"userName":"{{alice.userName | json}}","name":{"givenName":"Alice","familyName":"Test"},"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"emails":[{"primary":true,"type":"work","value":"{{alice.userName | json}}"}],"active":true}
      """
    Then the response status is 200
    And the value at "/active" is true
