@entra
Feature: Entra creates a user the match query did not find
  After a match query with zero results Entra POSTs the user built from its attribute mappings
  (docs/idp/entra.md §1.4). The body lists the enterprise URN in schemas even without enterprise
  attributes, carries the read-only meta and an empty roles array, and may omit emails. The server
  must answer 201 with the full resource and its id, which Entra keeps for every later call.

  @entra-default @must @documented
  Scenario: Create the user with Microsoft's documented body after an empty match
    Entra matches by userName, finds nothing, and POSTs the documented body (enterprise URN in schemas, meta, roles []), needing 201 with the full resource, id and meta (docs/idp/entra.md §1.3, §1.4 [DOC S1], §3 Q15).
    When Entra sends GET "/Users?filter=userName+eq+%22Test_User_{{run}}%22"
    Then the response status is 200
    And the value at "/totalResults" is 0
    When Entra sends POST "/Users" with:
      """
      {
        "schemas": [
          "urn:ietf:params:scim:schemas:core:2.0:User",
          "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
        "externalId": "{{run}}-0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef",
        "userName": "Test_User_{{run}}",
        "active": true,
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
    Then the response status is 201
    And the response header "Content-Type" starts with "application/scim+json"
    And the response is a valid User
    And the value at "/id" is not empty
    And the value at "/schemas" contains "urn:ietf:params:scim:schemas:core:2.0:User"
    And the value at "/userName" is "Test_User_{{run}}"
    And the value at "/externalId" is "{{run}}-0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef"
    And the value at "/active" is true
    And the value at "/name/familyName" is "familyName"
    And the value at "/name/givenName" is "givenName"
    And the value at "/name/formatted" is "givenName familyName"
    And the value at "/emails/0/value" is "Test_User_{{run}}@testuser.com"
    And the value at "/emails/0/type" is "work"
    And the value at "/emails/0/primary" is true
    And the value at "/meta/resourceType" is "User"
    And the value at "/meta/created" is present
    And the value at "/meta/lastModified" is present
    And the response is saved as "alice"
    When Entra sends GET "/Users/{{alice.id}}"
    Then the response status is 200
    And the value at "/id" is "{{alice.id}}"
    And the value at "/userName" is "Test_User_{{run}}"
    And the value at "/externalId" is "{{run}}-0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef"
    When Entra sends GET "/Users?filter=userName+eq+%22Test_User_{{run}}%22"
    Then the response status is 200
    And the value at "/totalResults" is 1
    And the value at "/Resources/0/id" is "{{alice.id}}"

  @entra-default @must @documented
  Scenario: Create a user with enterprise extension attributes
    Entra maps employeeId, department and costCenter to urn:ietf:params:scim:schemas:extension:enterprise:2.0:User attributes and sends them in the extension block, with title and displayName from the core mapping (docs/idp/entra.md §1.4 mapping table [DOC S1; FIELD S26]).
    When Entra sends POST "/Users" with:
      """
      {
        "schemas": [
          "urn:ietf:params:scim:schemas:core:2.0:User",
          "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
        "externalId": "{{run}}-jyoung",
        "userName": "Test_User_{{run}}_jyoung@contoso.com",
        "active": true,
        "displayName": "Jane Young",
        "title": "Tour Guide",
        "emails": [{"primary": true, "type": "work", "value": "jyoung@contoso.com"}],
        "meta": {"resourceType": "User"},
        "name": {"formatted": "Jane Young", "familyName": "Young", "givenName": "Jane"},
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {
          "employeeNumber": "701984",
          "department": "Tour Operations",
          "costCenter": "4130"
        },
        "roles": []
      }
      """
    Then the response status is 201
    And the response is a valid User
    And the value at "/schemas" contains "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
    And the value at "/displayName" is "Jane Young"
    And the value at "/title" is "Tour Guide"
    And the value at "/urn:ietf:params:scim:schemas:extension:enterprise:2.0:User/employeeNumber" is "701984"
    And the value at "/urn:ietf:params:scim:schemas:extension:enterprise:2.0:User/department" is "Tour Operations"
    And the value at "/urn:ietf:params:scim:schemas:extension:enterprise:2.0:User/costCenter" is "4130"
    And the response is saved as "jane"
    When Entra sends GET "/Users/{{jane.id}}"
    Then the response status is 200
    And the value at "/urn:ietf:params:scim:schemas:extension:enterprise:2.0:User/employeeNumber" is "701984"
    And the value at "/urn:ietf:params:scim:schemas:extension:enterprise:2.0:User/department" is "Tour Operations"

  @entra-default @should @documented
  Scenario: Create with the legacy body's explicit nulls and malformed enterprise URN
    Microsoft's legacy "Example 2" create body carries "addresses":null, "phoneNumbers":null, "title":null, "manager":null and the schema URN "…enterprise:2.0User" without its last colon; nulls are treated as absent (docs/idp/entra.md §1.4 [DOC S1 "Example 2"], §3 Q21).
    When Entra sends POST "/Users" with:
      """
      {
        "schemas": [
          "urn:ietf:params:scim:schemas:core:2.0:User",
          "urn:ietf:params:scim:schemas:extension:enterprise:2.0User"],
        "externalId": "{{run}}-0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef",
        "userName": "Test_User_{{run}}_legacy",
        "active": true,
        "addresses": null,
        "displayName": "Test_User_{{run}}_legacy",
        "emails": [{"primary": true, "type": "work", "value": "Test_User_{{run}}_legacy@testuser.com"}],
        "meta": {"resourceType": "User"},
        "name": {"familyName": "familyName", "givenName": "givenName"},
        "phoneNumbers": null,
        "title": null,
        "manager": null
      }
      """
    Then the response status is 201
    And the value at "/userName" is "Test_User_{{run}}_legacy"
    And the value at "/displayName" is "Test_User_{{run}}_legacy"
    And the value at "/title" is absent
    And the value at "/addresses" is absent
    And the value at "/phoneNumbers" is absent
    And the value at "/manager" is absent

  @entra-default @must @documented @tolerance-string-boolean
  Scenario: Create with active given as the string "True"
    Entra's default active mapping is a string-valued Switch expression, and Microsoft's reference Postman suite posts "active": "True" expecting it stored and returned as the boolean true (docs/idp/entra.md §1.4 [REF S10; S28], §3 Q2).
    When Entra sends POST "/Users" with:
      """
      {
        "schemas": [
          "urn:ietf:params:scim:schemas:core:2.0:User",
          "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
        "externalId": "{{run}}-emp1",
        "userName": "Test_User_{{run}}_emp1",
        "active": "True",
        "meta": {"resourceType": "User"},
        "name": {"familyName": "familyName", "givenName": "givenName"},
        "roles": []
      }
      """
    Then the response status is 201
    And the value at "/active" is true
    And the response is saved as "emp1"
    When Entra sends GET "/Users/{{emp1.id}}"
    Then the response status is 200
    And the value at "/active" is true

  @entra-default @must @observed
  Scenario: Create a cloud-only user without any email
    Cloud-only users with no mail value produce a POST with no emails at all, and a server that requires emails fails every such user (docs/idp/entra.md §1.4 [FIELD S12 AUTHENTICATION_GUIDE], §3 Q21).
    When Entra sends POST "/Users" with:
      """
      {
        "schemas": [
          "urn:ietf:params:scim:schemas:core:2.0:User",
          "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
        "externalId": "{{run}}-cloudonly",
        "userName": "Test_User_{{run}}_cloudonly@contoso.onmicrosoft.com",
        "active": true,
        "displayName": "Cloud Only",
        "meta": {"resourceType": "User"},
        "name": {"familyName": "Only", "givenName": "Cloud"},
        "roles": []
      }
      """
    Then the response status is 201
    And the value at "/id" is not empty
    And the value at "/userName" is "Test_User_{{run}}_cloudonly@contoso.onmicrosoft.com"
    And the value at "/emails" is absent

  @entra-default @must @documented
  Scenario: Creating a user whose userName exists gets 409, and the match filter finds the existing one
    A uniqueness conflict must be 409 with a SCIM Error; Entra reads it as "your filter failed to find the existing object", so the attribute that conflicts must also be findable by the match filter (docs/idp/entra.md §1.4 "On error" [DOC S1; FIELD S26], §3 Q28).
    Given a user "alice" exists with:
      """
      {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "externalId": "{{run}}-alice",
        "userName": "Test_User_{{run}}_alice",
        "active": true,
        "name": {"familyName": "familyName", "givenName": "Alice"}
      }
      """
    When Entra sends POST "/Users" with:
      """
      {
        "schemas": [
          "urn:ietf:params:scim:schemas:core:2.0:User",
          "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
        "externalId": "{{run}}-alice-again",
        "userName": "Test_User_{{run}}_alice",
        "active": true,
        "meta": {"resourceType": "User"},
        "name": {"familyName": "familyName", "givenName": "Alice"},
        "roles": []
      }
      """
    Then the response is a SCIM Error with status 409 and scimType "uniqueness"
    And the response header "Content-Type" starts with "application/scim+json"
    When Entra sends GET "/Users?filter=userName+eq+%22Test_User_{{run}}_alice%22"
    Then the response status is 200
    And the value at "/totalResults" is 1
    And the value at "/Resources/0/id" is "{{alice.id}}"
    And the value at "/Resources/0/externalId" is "{{run}}-alice"

  @entra-default @must @observed
  Scenario: A create the server cannot accept gets a SCIM Error body, not HTML
    Entra logs a 400 with the SCIM Error body's text and retries, but cannot parse a non-SCIM error body and reports the endpoint as incompatible, so a POST whose matching attribute's source was empty (userName omitted, as Entra omits targets whose source is null) must get a SCIM Error in application/scim+json (docs/idp/entra.md §1.4 "On error" [FIELD S12, snipe-it PR #13253; DOC S5], §1.12, §3 Q26).
    When Entra sends POST "/Users" with:
      """
      {
        "schemas": [
          "urn:ietf:params:scim:schemas:core:2.0:User",
          "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
        "externalId": "{{run}}-no-upn",
        "active": true,
        "meta": {"resourceType": "User"},
        "name": {"familyName": "familyName", "givenName": "givenName"},
        "roles": []
      }
      """
    Then the response is a SCIM Error with status 400
    And the response header "Content-Type" starts with "application/scim+json"

  @entra-default @must @documented
  Scenario: Values come back exactly as Entra sent them
    Entra compares the GET with its source values and re-PATCHes anything that differs every cycle, so phone numbers, addresses and the case of emails must round-trip verbatim, without normalisation or case folding (docs/idp/entra.md §1.6 [DOC S1], §3 Q22).
    When Entra sends POST "/Users" with:
      """
      {
        "schemas": [
          "urn:ietf:params:scim:schemas:core:2.0:User",
          "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
        "externalId": "{{run}}-verbatim",
        "userName": "Test_User_{{run}}_Verbatim@Contoso.COM",
        "active": true,
        "displayName": "Verbatim  Vera",
        "emails": [{"primary": true, "type": "work", "value": "Vera.Verbatim_{{run}}@Contoso.COM"}],
        "phoneNumbers": [
          {"type": "work", "value": "+1 (425) 555-0100 x12"},
          {"type": "mobile", "value": "425.555.0101"}
        ],
        "addresses": [{"type": "work", "streetAddress": "1 Microsoft Way", "postalCode": "98052-6399"}],
        "meta": {"resourceType": "User"},
        "name": {"familyName": "Verbatim", "givenName": "Vera"},
        "roles": []
      }
      """
    Then the response status is 201
    And the response is saved as "vera"
    When Entra sends GET "/Users/{{vera.id}}"
    Then the response status is 200
    And the value at "/userName" is "Test_User_{{run}}_Verbatim@Contoso.COM"
    And the value at "/displayName" is "Verbatim  Vera"
    And the value at "/emails/0/value" is "Vera.Verbatim_{{run}}@Contoso.COM"
    And the value at "/phoneNumbers" contains {"type": "work", "value": "+1 (425) 555-0100 x12"}
    And the value at "/phoneNumbers" contains {"type": "mobile", "value": "425.555.0101"}
    And the value at "/addresses" contains {"type": "work", "streetAddress": "1 Microsoft Way", "postalCode": "98052-6399"}
