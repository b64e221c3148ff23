@entra
Feature: Entra updates the attributes of a linked user
  Entra compares GET /Users/{id} with its mapped source values and PATCHes only what differs
  (docs/idp/entra.md §1.6, §1.7). The default dialect sends one capitalised op per attribute; the flag
  dialect merges everything but filtered paths into one path-less op whose keys are dotted
  sub-attribute paths and URN-qualified extension names. Filtered paths such as
  emails[type eq "work"].value arrive even when no such element exists and must create it. A user
  PATCH may answer 200 with the resource or 204; a follow-up GET must show every change.

  Background:
    Given a user "alice" exists with:
      """
      {
        "schemas": [
          "urn:ietf:params:scim:schemas:core:2.0:User",
          "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
        "externalId": "{{run}}-0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef",
        "userName": "Test_User_{{run}}",
        "active": true,
        "displayName": "givenName familyName",
        "emails": [{
          "primary": true,
          "type": "work",
          "value": "Test_User_{{run}}@testuser.com"
        }],
        "meta": {"resourceType": "User"},
        "name": {
          "formatted": "givenName familyName",
          "familyName": "familyName",
          "givenName": "givenName"
        },
        "roles": []
      }
      """

  @entra-default @must @documented @tolerance-op-case
  Scenario: Replace the work email and the family name in one PATCH
    The documented default-dialect update sends two capitalised Replace ops, one on emails[type eq "work"].value and one on name.familyName; both changes must be visible (docs/idp/entra.md §1.7 (a) [DOC S1], §3 Q1).
    When Entra sends PATCH "/Users/{{alice.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [
          {"op": "Replace", "path": "emails[type eq \"work\"].value", "value": "updatedEmail@microsoft.com"},
          {"op": "Replace", "path": "name.familyName", "value": "updatedFamilyName"}
        ]
      }
      """
    Then the response status is 200 or 204
    When Entra sends GET "/Users/{{alice.id}}"
    Then the response status is 200
    And the value at "/emails" has 1 item
    And the value at "/emails" contains {"type": "work", "value": "updatedEmail@microsoft.com", "primary": true}
    And the value at "/name/familyName" is "updatedFamilyName"
    And the value at "/name/givenName" is "givenName"
    And the value at "/userName" is "Test_User_{{run}}"

  @entra-default @must @documented @tolerance-op-case
  Scenario: Replace userName after a UPN change, and the new name is matched
    A rename or UPN change arrives as one Replace of userName; Entra later matches by the new value (docs/idp/entra.md §1.7 (b) [DOC S1], §1.3).
    When Entra sends PATCH "/Users/{{alice.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{"op": "Replace", "path": "userName", "value": "{{run}}-5b50642d-79fc-4410-9e90-4c077cdd1a59@testuser.com"}]
      }
      """
    Then the response status is 200 or 204
    When Entra sends GET "/Users/{{alice.id}}"
    Then the response status is 200
    And the value at "/userName" is "{{run}}-5b50642d-79fc-4410-9e90-4c077cdd1a59@testuser.com"
    When Entra sends GET "/Users?filter=userName+eq+%22{{run}}-5b50642d-79fc-4410-9e90-4c077cdd1a59%40testuser.com%22"
    Then the response status is 200
    And the value at "/totalResults" is 1
    And the value at "/Resources/0/id" is "{{alice.id}}"
    When Entra sends GET "/Users?filter=userName+eq+%22Test_User_{{run}}%22"
    Then the response status is 200
    And the value at "/totalResults" is 0

  @entra-default @must @documented @tolerance-op-case
  Scenario: Add a single-valued string the user does not have yet
    An attribute that was empty on the GET arrives as {"op":"Add","path":"nickName","value":"Babs"} (docs/idp/entra.md §1.7 (c) [DOC S2]).
    When Entra sends PATCH "/Users/{{alice.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
       "Operations":[{"op":"Add","path":"nickName","value":"Babs"}]}
      """
    Then the response status is 200 or 204
    When Entra sends GET "/Users/{{alice.id}}"
    Then the response status is 200
    And the value at "/nickName" is "Babs"

  @entra-flag @must @documented
  Scenario: Add a single-valued string with the flag's lowercase "add"
    With the flag the same body arrives with "op":"add" (docs/idp/entra.md §1.7 (c) [DOC S2]).
    When Entra sends PATCH "/Users/{{alice.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
       "Operations":[{"op":"add","path":"nickName","value":"Babs"}]}
      """
    Then the response status is 200 or 204
    When Entra sends GET "/Users/{{alice.id}}"
    Then the response status is 200
    And the value at "/nickName" is "Babs"

  @entra-default @must @observed @tolerance-op-case
  Scenario: "Add" on a single-valued attribute that has a value replaces it
    Entra uses Add or Replace inconsistently, and Microsoft says servers must accept both, so Add on a single-valued attribute that already has a value replaces it (docs/idp/entra.md §1.7 "Choice of op" [FIELD Q&A 1373350, rancher#54025], §3 Q9).
    When Entra sends PATCH "/Users/{{alice.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
       "Operations":[{"op":"Add","path":"displayName","value":"Barbara Jensen"}]}
      """
    Then the response status is 200 or 204
    When Entra sends GET "/Users/{{alice.id}}"
    Then the response status is 200
    And the value at "/displayName" is "Barbara Jensen"

  @entra-default @must @documented @tolerance-op-case
  Scenario: Several attributes at once, one Replace op each
    Without the flag a change of several attributes arrives as one capitalised Replace per attribute, including a filtered email path and a URN-qualified enterprise attribute (docs/idp/entra.md §1.7 (d) [DOC S2]).
    When Entra sends PATCH "/Users/{{alice.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [
          {"op": "Replace", "path": "displayName", "value": "Pvlo"},
          {"op": "Replace", "path": "emails[type eq \"work\"].value", "value": "TestBcwqnm@test.microsoft.com"},
          {"op": "Replace", "path": "name.givenName", "value": "Gtfd"},
          {"op": "Replace", "path": "name.familyName", "value": "Pkqf"},
          {"op": "Replace", "path": "externalId", "value": "Eqpj"},
          {"op": "Replace", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber", "value": "Eqpj"}
        ]
      }
      """
    Then the response status is 200 or 204
    When Entra sends GET "/Users/{{alice.id}}"
    Then the response status is 200
    And the value at "/displayName" is "Pvlo"
    And the value at "/emails" has 1 item
    And the value at "/emails" contains {"type": "work", "value": "TestBcwqnm@test.microsoft.com"}
    And the value at "/name/givenName" is "Gtfd"
    And the value at "/name/familyName" is "Pkqf"
    And the value at "/externalId" is "Eqpj"
    And the value at "/urn:ietf:params:scim:schemas:extension:enterprise:2.0:User/employeeNumber" is "Eqpj"

  @entra-flag @must @documented @tolerance-dotted-keys
  Scenario: The flag dialect's merged path-less replace with dotted and URN-qualified keys
    With the flag, filtered paths stay separate and everything else is merged into one path-less replace whose keys are "name.givenName"-style paths and "urn:…:User:employeeNumber"-style names, to be applied as paths, not stored as literal keys (docs/idp/entra.md §1.7 (e) [DOC S2], §3 Q6).
    When Entra sends PATCH "/Users/{{alice.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [
          {"op": "replace", "path": "emails[type eq \"work\"].value", "value": "TestMhvaes@test.microsoft.com"},
          {"op": "replace", "value": {
            "displayName": "Bjfe",
            "name.givenName": "Kkom",
            "name.familyName": "Unua",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber": "Aklq"
          }}
        ]
      }
      """
    Then the response status is 200 or 204
    When Entra sends GET "/Users/{{alice.id}}"
    Then the response status is 200
    And the value at "/emails" has 1 item
    And the value at "/emails" contains {"type": "work", "value": "TestMhvaes@test.microsoft.com"}
    And the value at "/displayName" is "Bjfe"
    And the value at "/name/givenName" is "Kkom"
    And the value at "/name/familyName" is "Unua"
    And the value at "/urn:ietf:params:scim:schemas:extension:enterprise:2.0:User/employeeNumber" is "Aklq"
    And the value at "/name.givenName" is absent
    And the value at "/name.familyName" is absent
    And the value at "/urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber" is absent
    And the value at "/userName" is "Test_User_{{run}}"

  @entra-flag @should @observed @tolerance-dotted-keys
  Scenario: A path-less "add" with dotted keys
    A path-less add with the same dotted keys also occurs and must set the sub-attributes, not literal "name.givenName" keys (docs/idp/entra.md §1.7 (e) [FIELD pond/scimitar#123, scim-patch#132], §3 Q7).
    When Entra sends PATCH "/Users/{{alice.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [
          {"op": "add", "value": {
            "name.givenName": "Kkom",
            "name.familyName": "Unua"
          }}
        ]
      }
      """
    Then the response status is 200 or 204
    When Entra sends GET "/Users/{{alice.id}}"
    Then the response status is 200
    And the value at "/name/givenName" is "Kkom"
    And the value at "/name/familyName" is "Unua"
    And the value at "/name.givenName" is absent

  @entra-default @must @observed @tolerance-op-case @tolerance-filter-creates
  Scenario: Filtered paths with no matching element create the element, and the other ops still apply
    Entra sends Add or Replace on emails[type eq "work"].value, phoneNumbers[type eq "mobile"].value or addresses[type eq "work"].postalCode for a user with no element of that type and expects it created with that type, never 400 noTarget, which would also drop the other ops of the atomic PATCH (docs/idp/entra.md §1.7 (f) [FIELD sourcegraph PR #49200, scim-patch#176, wire-server PR #5419], §3 Q8).
    Given a user "bob" exists with:
      """
      {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "externalId": "{{run}}-bob",
        "userName": "Test_User_{{run}}_bob",
        "active": true,
        "name": {"familyName": "familyName", "givenName": "Bob"}
      }
      """
    When Entra sends PATCH "/Users/{{bob.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [
          {"op": "Add", "path": "emails[type eq \"work\"].value", "value": "bob@contoso.com"},
          {"op": "Add", "path": "phoneNumbers[type eq \"mobile\"].value", "value": "+1 (425) 555-0100"},
          {"op": "Replace", "path": "addresses[type eq \"work\"].postalCode", "value": "98052"},
          {"op": "Replace", "path": "name.familyName", "value": "Jensen"}
        ]
      }
      """
    Then the response status is 200 or 204
    When Entra sends GET "/Users/{{bob.id}}"
    Then the response status is 200
    And the value at "/emails" contains {"type": "work", "value": "bob@contoso.com"}
    And the value at "/phoneNumbers" contains {"type": "mobile", "value": "+1 (425) 555-0100"}
    And the value at "/addresses" contains {"type": "work", "postalCode": "98052"}
    And the value at "/name/familyName" is "Jensen"

  @entra-flag @must @observed @tolerance-filter-creates
  Scenario: The flag dialect's replace on a work email the user does not have creates it
    The flag dialect keeps filtered paths as separate replace ops, so a user without a work email receives replace emails[type eq "work"].value, which must create the work email (docs/idp/entra.md §1.7 (e) (f) [DOC S2; FIELD ssoready PR #249, better-auth PR #10682], §3 Q8).
    Given a user "bob" exists with:
      """
      {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "externalId": "{{run}}-bob",
        "userName": "Test_User_{{run}}_bob",
        "active": true,
        "name": {"familyName": "familyName", "givenName": "Bob"}
      }
      """
    When Entra sends PATCH "/Users/{{bob.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [
          {"op": "replace", "path": "emails[type eq \"work\"].value", "value": "TestMhvaes@test.microsoft.com"},
          {"op": "replace", "value": {"displayName": "Bjfe"}}
        ]
      }
      """
    Then the response status is 200 or 204
    When Entra sends GET "/Users/{{bob.id}}"
    Then the response status is 200
    And the value at "/emails" has 1 item
    And the value at "/emails/0/type" is "work"
    And the value at "/emails/0/value" is "TestMhvaes@test.microsoft.com"
    And the value at "/displayName" is "Bjfe"

  @entra-default @should @observed @tolerance-op-case @tolerance-members-remove-value
  Scenario: A rare Remove that carries the value being removed
    A Remove of emails[type eq "work"].value that also carries the current value has been seen; RFC 7644 remove takes no value, and the value must be gone afterwards (docs/idp/entra.md §1.7 (g) [FIELD AzureAD/SCIMReferenceCode PR #87]).
    When Entra sends PATCH "/Users/{{alice.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
       "Operations":[{"op":"Remove","path":"emails[type eq \"work\"].value","value":"Test_User_{{run}}@testuser.com"}]}
      """
    Then the response status is 200 or 204
    When Entra sends GET "/Users/{{alice.id}}"
    Then the response status is 200
    And the value at "/emails" does not contain {"value": "Test_User_{{run}}@testuser.com"}
    And the value at "/userName" is "Test_User_{{run}}"
