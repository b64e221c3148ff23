@onelogin
Feature: OneLogin looks a user up, then creates it from the admin's JSON template
  For each user assigned to the app OneLogin first filters on userName, form-encoded with a dangling
  "&", and POSTs the rendered "SCIM JSON Template" only when nothing is found; a hit is adopted and
  updated instead (docs/idp/onelogin.md §1.2, §1.3, §0.5). The body is whatever the admin's
  template renders, so the shapes below are the ones published templates and the replay test show,
  including their oddities (§3 Q3, Q4, Q6).

  @onelogin-v2-core @must @observed
  Scenario: The lookup before a create finds nothing, with + for spaces and a dangling &
    OneLogin's captured lookup is GET /Users?filter=userName+eq+%22…%22&: "+" is a space, %22 a quote, and the trailing "&" an empty parameter the server must ignore (docs/idp/onelogin.md §1.2 [D][O], §0.5, §3 Q1).
    Given the value "{{run}}.peter.meier@example.com" saved as "login"
    When OneLogin sends GET "/Users?filter=userName+eq+%22{{login | form}}%22&"
    Then the response status is 200
    And the response is a ListResponse of Users
    And the value at "/totalResults" is 0

  @onelogin-v2-core @must @observed
  Scenario: Create a user with the replay test's body, then read it by id
    OneLogin POSTs the rendered template (userName first, schemas in the middle: key order is not significant) and keeps the returned id for every later call, including GET /Users/{id} (docs/idp/onelogin.md §1.3 [O], §1.4 [D]).
    Given the value "{{run}}.peter.meier@example.com" saved as "login"
    When OneLogin sends GET "/Users?filter=userName+eq+%22{{login | form}}%22&"
    Then the value at "/totalResults" is 0
    When OneLogin sends POST "/Users" with:
      """
      {"userName":"{{login | json}}",
       "name":{"givenName":"Peter","familyName":"Meier"},
       "schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],
       "emails":[{"primary":true,"type":"work","value":"pm.{{run}}@example.com"}],
       "active":true}
      """
    Then the response status is 201
    And the response is a valid User
    And the value at "/id" is not empty
    And the value at "/userName" is "{{login}}"
    And the value at "/name/givenName" is "Peter"
    And the value at "/emails/0/value" is "pm.{{run}}@example.com"
    And the value at "/active" is true
    And the response is saved as "peter"
    When OneLogin sends GET "/Users/{{peter.id}}"
    Then the response status is 200
    And the response is a valid User
    And the value at "/id" is "{{peter.id}}"
    And the value at "/userName" is "{{login}}"

  @onelogin-v2-core @must @observed
  Scenario: The lookup of a user that exists finds it, and OneLogin adopts its id
    A lookup with one hit makes OneLogin take that id and update the user instead of creating it; the capture shows the lookup followed by a PUT on the found id (docs/idp/onelogin.md §1.2 [D][O]).
    Given a user "alice" exists
    When OneLogin sends GET "/Users?filter=userName+eq+%22{{alice.userName | form}}%22&"
    Then the response status is 200
    And the response is a ListResponse of Users
    And the value at "/totalResults" is 1
    And the value at "/Resources/0/id" is "{{alice.id}}"
    And the value at "/Resources/0/userName" is "{{alice.userName}}"

  @onelogin-v2-core @should @inferred
  Scenario: The lookup matches userName without regard to case
    OneLogin does not say how it matches, and userName is caseExact false (RFC 7643 §4.1.1), so a lookup in another case must still find the user rather than let OneLogin create a duplicate (docs/idp/onelogin.md §1.2 [I]).
    Given a user "alice" exists
    When OneLogin sends GET "/Users?filter=userName+eq+%22{{alice.userName | upper | form}}%22&"
    Then the response status is 200
    And the value at "/totalResults" is 1
    And the value at "/Resources/0/id" is "{{alice.id}}"

  @onelogin-v2-enterprise @must @observed
  Scenario: Create a user from a vendor's SCIM v2 Enterprise template
    Vendor guides ship a template with the enterprise extension (organization, division, department, manager), title, userType, timezone and addresses; every attribute it renders is stored and returned (docs/idp/onelogin.md §1.3 [O]).
    Given a user "boss" exists
    When OneLogin sends POST "/Users" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User",
                    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
        "userName": "{{run}}.jane.roe@example.com",
        "name": {"givenName": "Jane", "familyName": "Roe", "formatted": "Jane Roe"},
        "emails": [{"value": "{{run}}.jane.roe@example.com", "type": "work", "primary": true}],
        "title": "Data Scientist",
        "userType": "Employee",
        "timezone": "Europe/Zurich",
        "addresses": [{"locality": "Zurich", "region": "ZH", "country": "CH"}],
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {
          "organization": "Example AG",
          "division": "Research",
          "department": "Experimentation",
          "manager": {"value": "{{boss.id}}", "displayName": "Boss Test"}
        }
      }
      """
    Then the response status is 201
    And the response is a valid User
    And the value at "/name/formatted" is "Jane Roe"
    And the value at "/title" is "Data Scientist"
    And the value at "/timezone" is "Europe/Zurich"
    And the value at "/addresses/0/locality" is "Zurich"
    And the value at "/urn:ietf:params:scim:schemas:extension:enterprise:2.0:User/department" is "Experimentation"
    And the value at "/urn:ietf:params:scim:schemas:extension:enterprise:2.0:User/manager/value" is "{{boss.id}}"
    And the value at "/schemas" contains "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"

  @onelogin-v2-enterprise @must @observed
  Scenario: A template that carries "id": null and a meta object creates the user with the server's id
    A published template puts "id": null and "meta": {"resourceType": "User"} in the create body; both are readOnly, so the server ignores them and assigns the id itself (docs/idp/onelogin.md §1.3 [O], §3 Q6; RFC 7644 §3.3).
    When OneLogin sends POST "/Users" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User",
                    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
        "id": null,
        "meta": {"resourceType": "User"},
        "userName": "{{run}}.keepnet@example.com",
        "name": {"givenName": "Keep", "familyName": "Net"},
        "emails": [{"value": "{{run}}.keepnet@example.com", "type": "work", "primary": true}],
        "active": true,
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"department": "Security"}
      }
      """
    Then the response status is 201
    And the response is a valid User
    And the value at "/id" is a string
    And the value at "/id" is not empty
    And the value at "/meta/resourceType" is "User"
    And the value at "/active" is true

  @onelogin-v2-enterprise @should @inferred @tolerance-string-boolean
  Scenario: A template that quotes its active placeholder sends "active": "true"
    A published template writes "active": "{$user.active}" in quotes, which renders as the string "true"; the user is created active (docs/idp/onelogin.md §1.3 [O template, I rendering], §3 Q6).
    When OneLogin sends POST "/Users" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "userName": "{{run}}.quoted.active@example.com",
        "name": {"givenName": "Quoted", "familyName": "Active"},
        "emails": [{"value": "{{run}}.quoted.active@example.com", "type": "work", "primary": true}],
        "active": "true"
      }
      """
    Then the response status is 201
    And the value at "/active" is true

  @onelogin-v2-core @must @observed @tolerance-multi-valued-object
  Scenario: emails sent as one object instead of an array is stored as a one-element list
    SCIM servers carry a branch because "OneLogin sends a dict despite the spec": emails arrives as a single object, which the server reads as a list of one (docs/idp/onelogin.md §3 Q4 [O]).
    When OneLogin sends POST "/Users" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "userName": "{{run}}.dict.email@example.com",
        "name": {"givenName": "Dict", "familyName": "Email"},
        "emails": {"value": "{{run}}.dict.email@example.com", "type": "work", "primary": true},
        "active": true
      }
      """
    Then the response status is 201
    And the response is a valid User
    And the value at "/emails" is an array
    And the value at "/emails" has 1 item
    And the value at "/emails/0/value" is "{{run}}.dict.email@example.com"
    And the response is saved as "dict"
    When OneLogin sends GET "/Users?filter=emails.value+eq+%22{{run}}.dict.email%40example.com%22&"
    Then the value at "/totalResults" is 1
    And the value at "/Resources/0/id" is "{{dict.id}}"

  @onelogin-v2-enterprise @must @observed @tolerance-legacy-schema-urn
  Scenario: A template with SCIM 1.x-style schema URNs creates the user, values untrimmed
    The captured tenant's template lists "urn:scim:schemas:core:2.0" and "urn:scim:schemas:extension:enterprise:2.0"; the server keys off attribute names, returns RFC 7643 URNs, and keeps the leading space OneLogin does not trim (docs/idp/onelogin.md §1.5 [O], §3 Q3, Q6).
    When OneLogin sends POST "/Users" with:
      """
      {"schemas":["urn:scim:schemas:core:2.0","urn:scim:schemas:extension:enterprise:2.0"],
       "userName":"{{run}}-onelogin-test-user01",
       "name":{"familyName":" User 01","givenName":"AAA Test"},
       "emails":[{"value":"{{run}}-user01@example.com","type":"work","primary":true}]}
      """
    Then the response status is 201
    And the response is a valid User
    And the value at "/name/familyName" is " User 01"
    And the value at "/schemas" contains "urn:ietf:params:scim:schemas:core:2.0:User"
    And the value at "/schemas" does not contain "urn:scim:schemas:core:2.0"

  @onelogin-v2-core @should @inferred
  Scenario: Placeholders of unset fields render as empty strings and the create still succeeds
    A placeholder for a field the OneLogin user lacks is thought to render as "" (or null); the create must not fail on it (docs/idp/onelogin.md §1.3 [I]).
    When OneLogin sends POST "/Users" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "userName": "{{run}}.sparse@example.com",
        "name": {"givenName": "Sparse", "familyName": "User", "formatted": ""},
        "emails": [{"value": "{{run}}.sparse@example.com", "type": "work", "primary": true}],
        "title": "",
        "nickName": null,
        "profileUrl": null
      }
      """
    Then the response status is 201
    And the value at "/userName" is "{{run}}.sparse@example.com"
    And the value at "/nickName" is absent

  @onelogin-v2-core @should @inferred
  Scenario: Creating a user whose userName exists gets 409 with a SCIM Error
    OneLogin does not document a duplicate create; the RFC answer is 409 uniqueness, which OneLogin shows in its Provisioning view (docs/idp/onelogin.md §1.3 [I], §0.4; RFC 7644 §3.3).
    Given a user "alice" exists
    When OneLogin sends POST "/Users" with:
      """
      {"userName":"{{alice.userName | json}}","name":{"givenName":"Alice","familyName":"Again"},"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"emails":[{"primary":true,"type":"work","value":"{{alice.userName | json}}"}],"active":true}
      """
    Then the response is a SCIM Error with status 409 and scimType "uniqueness"
