@entra
Feature: The Microsoft SCIM Validator's user tests
  The SCIM Validator (scimvalidator.microsoft.com) posts users carrying every default attribute, then
  filters, patches and deletes them with shapes close to the flag dialect plus its own: roles with
  the string "True" as primary, verbose filtered replaces, filtered adds that must create elements,
  and path-less replaces (docs/idp/entra.md §4.2, §4.3, §4.4). Its filters arrive with unencoded quotes.

  Background:
    Given a user "boss" exists

  @entra-validator @must @test-suite @tolerance-string-boolean
  Scenario: Create a new user with every default attribute; the filter returns each of them (U1, X1)
    The validator posts a full random user (core, name, work address, three phone numbers, enterprise block with manager {"value":…}, roles with "primary":"True") expecting 201, then filters by userName and expects every attribute back, with roles.primary a JSON boolean (docs/idp/entra.md §4.2 U1 X1, §4.4 [VAL S12], §3 Q2 Q3).
    When the SCIM Validator sends POST "/Users" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
        "userName": "{{run}}.dale.mohr@romaguera.uk",
        "active": true,
        "displayName": "KTWQVHNJQHRZ",
        "title": "UJQVHYAIXOVC",
        "emails": [{"type": "work", "value": "{{run}}.dale.mohr@romaguera.uk", "primary": true}],
        "preferredLanguage": "en-US",
        "name": {
          "formatted": "Dale Mohr", "familyName": "Mohr", "givenName": "Dale",
          "middleName": "Quinn", "honorificPrefix": "Mr.", "honorificSuffix": "III"
        },
        "addresses": [{
          "type": "work", "formatted": "1 Main St, Redmond, WA 98052, US", "streetAddress": "1 Main St",
          "locality": "Redmond", "region": "WA", "postalCode": "98052", "country": "US", "primary": true
        }],
        "phoneNumbers": [
          {"type": "work", "value": "+1 425 555 0100", "primary": true},
          {"type": "mobile", "value": "+1 425 555 0101"},
          {"type": "fax", "value": "+1 425 555 0102"}
        ],
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {
          "employeeNumber": "KSZHPWJB", "department": "TOUROPS", "costCenter": "CC4130",
          "organization": "Contoso", "division": "Travel", "manager": {"value": "{{boss.id}}"}
        },
        "roles": [{"primary": "True", "display": "ZWGJLQ", "value": "ZWGJLQ", "type": "WindowsAzureActiveDirectoryRole"}],
        "userType": "Employee",
        "nickName": "Dale",
        "locale": "en-US",
        "timezone": "America/Los_Angeles",
        "profileUrl": "https://romaguera.uk/dale"
      }
      """
    Then the response status is 201
    And the response is saved as "dale"
    When the SCIM Validator sends GET "/Users?filter=userName+eq+\"{{dale.userName | form}}\""
    Then the response status is 200
    And the response is a ListResponse of Users
    And the value at "/totalResults" is 1
    And the value at "/Resources/0/id" is "{{dale.id}}"
    And the value at "/Resources/0/meta" is present
    And the value at "/Resources/0/active" is true
    And the value at "/Resources/0/displayName" is "KTWQVHNJQHRZ"
    And the value at "/Resources/0/title" is "UJQVHYAIXOVC"
    And the value at "/Resources/0/preferredLanguage" is "en-US"
    And the value at "/Resources/0/name/middleName" is "Quinn"
    And the value at "/Resources/0/name/honorificSuffix" is "III"
    And the value at "/Resources/0/addresses" contains {"type": "work", "locality": "Redmond", "postalCode": "98052", "country": "US", "primary": true}
    And the value at "/Resources/0/phoneNumbers" has 3 items
    And the value at "/Resources/0/phoneNumbers" contains {"type": "fax", "value": "+1 425 555 0102"}
    And the value at "/Resources/0/urn:ietf:params:scim:schemas:extension:enterprise:2.0:User/division" is "Travel"
    And the value at "/Resources/0/urn:ietf:params:scim:schemas:extension:enterprise:2.0:User/costCenter" is "CC4130"
    And the value at "/Resources/0/urn:ietf:params:scim:schemas:extension:enterprise:2.0:User/manager/value" is "{{boss.id}}"
    And the value at "/Resources/0/roles/0/value" is "ZWGJLQ"
    And the value at "/Resources/0/roles/0/primary" is true
    And the value at "/Resources/0/userType" is "Employee"
    And the value at "/Resources/0/nickName" is "Dale"
    And the value at "/Resources/0/timezone" is "America/Los_Angeles"
    And the value at "/Resources/0/profileUrl" is "https://romaguera.uk/dale"

  @entra-validator @must @test-suite @tolerance-string-boolean
  Scenario: Verbose replaces on filtered paths of emails, phoneNumbers, addresses and roles (U6)
    The validator's "Patch User – Replace Attributes (Verbose)" sends many replace ops on emails/phoneNumbers/addresses[type eq "work"].* and roles[primary eq "True"].*, and checks every value in a follow-up GET (docs/idp/entra.md §4.2 U6 [VAL S12], §3 Q3).
    Given a user "dale" exists with:
      """
      {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "userName": "{{run}}.dale.mohr@romaguera.uk",
        "active": true,
        "emails": [{"type": "work", "value": "{{run}}.dale.mohr@romaguera.uk", "primary": true}],
        "addresses": [{"type": "work", "locality": "Redmond", "postalCode": "98052", "primary": true}],
        "phoneNumbers": [{"type": "work", "value": "+1 425 555 0100", "primary": true}],
        "roles": [{"primary": true, "display": "ZWGJLQ", "value": "ZWGJLQ", "type": "WindowsAzureActiveDirectoryRole"}]
      }
      """
    When the SCIM Validator sends PATCH "/Users/{{dale.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [
          {"op": "replace", "path": "emails[type eq \"work\"].value", "value": "{{run}}.kaley@hermann.biz"},
          {"op": "replace", "path": "emails[type eq \"work\"].primary", "value": true},
          {"op": "replace", "path": "phoneNumbers[type eq \"work\"].value", "value": "+1 206 555 0199"},
          {"op": "replace", "path": "addresses[type eq \"work\"].locality", "value": "Seattle"},
          {"op": "replace", "path": "addresses[type eq \"work\"].postalCode", "value": "98101"},
          {"op": "replace", "path": "roles[primary eq \"True\"].display", "value": "XQBRTN"},
          {"op": "replace", "path": "roles[primary eq \"True\"].value", "value": "XQBRTN"}
        ]
      }
      """
    Then the response status is 200 or 204
    When the SCIM Validator sends GET "/Users/{{dale.id}}"
    Then the response status is 200
    And the value at "/emails" has 1 item
    And the value at "/emails" contains {"type": "work", "value": "{{run}}.kaley@hermann.biz", "primary": true}
    And the value at "/phoneNumbers" contains {"type": "work", "value": "+1 206 555 0199"}
    And the value at "/addresses" contains {"type": "work", "locality": "Seattle", "postalCode": "98101"}
    And the value at "/roles" has 1 item
    And the value at "/roles/0/value" is "XQBRTN"
    And the value at "/roles/0/display" is "XQBRTN"
    And the value at "/roles/0/primary" is true

  @entra-validator @should @observed @tolerance-dotted-keys
  Scenario: A verbose path-less replace with dotted and URN-qualified keys (U6 replay)
    A public replay of the validator's U6 adds one path-less replace whose object holds active, displayName, title, name.givenName and urn:…:enterprise:2.0:User:department keys (docs/idp/entra.md §4.2 U6 [VAL; replay script not identified], §3 Q6).
    Given a user "dale" exists
    When the SCIM Validator sends PATCH "/Users/{{dale.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{"op": "replace", "value": {
          "active": true,
          "displayName": "HMVXLQPZ",
          "title": "DWRCNJEY",
          "name.givenName": "Kaley",
          "name.familyName": "Hermann",
          "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department": "QQOPSW"
        }}]
      }
      """
    Then the response status is 200 or 204
    When the SCIM Validator sends GET "/Users/{{dale.id}}"
    Then the response status is 200
    And the value at "/displayName" is "HMVXLQPZ"
    And the value at "/title" is "DWRCNJEY"
    And the value at "/name/givenName" is "Kaley"
    And the value at "/name/familyName" is "Hermann"
    And the value at "/urn:ietf:params:scim:schemas:extension:enterprise:2.0:User/department" is "QQOPSW"
    And the value at "/name.givenName" is absent

  @entra-validator @must @test-suite
  Scenario: Update userName with a path-less replace (U7)
    The validator's "Update User userName" sends {"op":"replace","value":{"userName":"…"}} and expects the new userName returned (docs/idp/entra.md §4.2 U7 [VAL S12]).
    Given a user "dale" exists
    When the SCIM Validator sends PATCH "/Users/{{dale.id}}" with:
      """
      {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
       "Operations": [{"op": "replace", "value": {"userName": "{{run}}.kaley.hermann@hermann.biz"}}]}
      """
    Then the response status is 200 or 204
    When the SCIM Validator sends GET "/Users/{{dale.id}}"
    Then the response status is 200
    And the value at "/userName" is "{{run}}.kaley.hermann@hermann.biz"
    When the SCIM Validator sends GET "/Users?filter=userName+eq+\"{{run}}.kaley.hermann%40hermann.biz\""
    Then the response status is 200
    And the value at "/totalResults" is 1
    And the value at "/Resources/0/id" is "{{dale.id}}"

  @entra-validator @must @test-suite @tolerance-filter-creates @tolerance-string-boolean
  Scenario: Add attributes to a minimal user, filtered adds creating their elements (U9)
    The validator's "Patch User – Add Attributes (Verbose)" posts a user with only userName and schemas, then sends add ops including emails[type eq "work"].value on an empty array and roles[primary eq "True"].value, and expects every value present (docs/idp/entra.md §4.2 U9 [VAL S12], §3 Q8 Q3).
    When the SCIM Validator sends POST "/Users" with:
      """
      {"userName": "{{run}}.minimal@romaguera.uk", "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"]}
      """
    Then the response status is 201
    And the response is saved as "minimal"
    When the SCIM Validator sends PATCH "/Users/{{minimal.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [
          {"op": "add", "path": "displayName", "value": "GQWTMRAV"},
          {"op": "add", "path": "title", "value": "NOXKPRYZ"},
          {"op": "add", "path": "nickName", "value": "Minnie"},
          {"op": "add", "path": "name.givenName", "value": "Minnie"},
          {"op": "add", "path": "name.familyName", "value": "Mohr"},
          {"op": "add", "path": "emails[type eq \"work\"].value", "value": "{{run}}.minimal@romaguera.uk"},
          {"op": "add", "path": "phoneNumbers[type eq \"mobile\"].value", "value": "+1 425 555 0111"},
          {"op": "add", "path": "addresses[type eq \"work\"].locality", "value": "Redmond"},
          {"op": "add", "path": "roles[primary eq \"True\"].value", "value": "ZWGJLQ"},
          {"op": "add", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department", "value": "TOUROPS"}
        ]
      }
      """
    Then the response status is 200 or 204
    When the SCIM Validator sends GET "/Users/{{minimal.id}}"
    Then the response status is 200
    And the value at "/displayName" is "GQWTMRAV"
    And the value at "/title" is "NOXKPRYZ"
    And the value at "/nickName" is "Minnie"
    And the value at "/name/givenName" is "Minnie"
    And the value at "/name/familyName" is "Mohr"
    And the value at "/emails" contains {"type": "work", "value": "{{run}}.minimal@romaguera.uk"}
    And the value at "/phoneNumbers" contains {"type": "mobile", "value": "+1 425 555 0111"}
    And the value at "/addresses" contains {"type": "work", "locality": "Redmond"}
    And the value at "/roles" contains {"value": "ZWGJLQ", "primary": true}
    And the value at "/urn:ietf:params:scim:schemas:extension:enterprise:2.0:User/department" is "TOUROPS"

  @entra-validator @may @test-suite
  Scenario: Several ops on different attributes in one PATCH apply in order (preview)
    The validator's preview test "Patch User – Multiple Ops on different attributes" sends remove preferredLanguage, add externalId and replace displayName in one PATCH (docs/idp/entra.md §4.3 [VAL S12]).
    Given a user "dale" exists with:
      """
      {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "userName": "{{run}}.dale.mohr@romaguera.uk",
        "displayName": "KTWQVHNJQHRZ",
        "preferredLanguage": "en-US",
        "active": true
      }
      """
    When the SCIM Validator sends PATCH "/Users/{{dale.id}}" with:
      """
      {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
       "Operations": [
         {"op": "remove", "path": "preferredLanguage"},
         {"op": "add", "path": "externalId", "value": "{{run}}-PJXQCSDV"},
         {"op": "replace", "path": "displayName", "value": "MNBVCXZL"}]}
      """
    Then the response status is 200 or 204
    When the SCIM Validator sends GET "/Users/{{dale.id}}"
    Then the response status is 200
    And the value at "/preferredLanguage" is absent
    And the value at "/externalId" is "{{run}}-PJXQCSDV"
    And the value at "/displayName" is "MNBVCXZL"

  @entra-validator @may @test-suite
  Scenario: Several ops on the same attribute end with the last one's value (preview)
    The validator's preview test "Patch User – Multiple Ops on same attribute" sends remove, add and replace on externalId in one PATCH and expects the last value (docs/idp/entra.md §4.3 [VAL S12]).
    Given a user "dale" exists
    When the SCIM Validator sends PATCH "/Users/{{dale.id}}" with:
      """
      {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
       "Operations": [
         {"op": "remove", "path": "externalId"},
         {"op": "add", "path": "externalId", "value": "{{run}}-FIRSTVAL"},
         {"op": "replace", "path": "externalId", "value": "{{run}}-LASTVAL"}]}
      """
    Then the response status is 200 or 204
    When the SCIM Validator sends GET "/Users/{{dale.id}}"
    Then the response status is 200
    And the value at "/externalId" is "{{run}}-LASTVAL"

  @entra-validator @must @test-suite
  Scenario: Create a duplicate user gets 409 with a SCIM Error (U2)
    The validator's "Create a duplicate User" posts the same userName twice and expects the second POST to get 409 with a SCIM Error body (docs/idp/entra.md §4.2 U2 [VAL S12]).
    When the SCIM Validator sends POST "/Users" with:
      """
      {"userName": "{{run}}.twice@romaguera.uk", "active": true, "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"]}
      """
    Then the response status is 201
    When the SCIM Validator sends POST "/Users" with:
      """
      {"userName": "{{run}}.twice@romaguera.uk", "active": true, "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"]}
      """
    Then the response is a SCIM Error with status 409
    And the response header "Content-Type" starts with "application/scim+json"

  @entra-validator @must @test-suite @raw-request
  Scenario: Filter for an existing and a non-existing user (U3 U4)
    The validator filters by userName with unencoded quotes (sent byte for byte: a server whose HTTP layer refuses a raw " fails Entra's validation here) and checks the ListResponse schema URI, totalResults, Resources and each resource's id, schemas and meta; an unknown userName must give 200 with totalResults 0 (docs/idp/entra.md §4.2 U3 U4 [VAL S12]).
    Given a user "dale" exists
    When the SCIM Validator sends GET raw "/Users?filter=userName+eq+\"{{dale.userName | form}}\""
    Then the response status is 200
    And the value at "/schemas" contains "urn:ietf:params:scim:api:messages:2.0:ListResponse"
    And the value at "/totalResults" is 1
    And the value at "/Resources" has 1 item
    And the value at "/Resources/0/id" is "{{dale.id}}"
    And the value at "/Resources/0/schemas" contains "urn:ietf:params:scim:schemas:core:2.0:User"
    And the value at "/Resources/0/meta/resourceType" is "User"
    When the SCIM Validator sends GET raw "/Users?filter=userName+eq+\"{{run}}.nobody%40romaguera.uk\""
    Then the response status is 200
    And the value at "/totalResults" is 0
