@okta
Feature: Okta's "Okta SCIM 2.0 CRUD Test", as the requests it makes Okta send
  The CRUD test drives a real Okta org through its Management API (create and assign a user, change
  the first name, deactivate, reactivate and re-assign, unassign) and after each action reads the
  SCIM side with Runscope (docs/idp/okta.md §4.4). Offline, we replay what each Okta action puts on the
  wire (actor Okta, per flavour) and then make the suite's own SCIM-side checks (actor Okta's SPEC
  test, the Runscope headers). Okta's init script names the user: first name, last name, email,
  and first name + "update" for step 5.

  @must @test-suite @documented @okta-oin
  Scenario: CRUD test on a PATCH (OIN) app: assign, update, deactivate, reactivate, unassign
    Each Okta action of the CRUD test becomes its wire requests for a PATCH app (filter + POST, GET + PUT, path-less PATCH active false/true), and after each one the suite reads the user back: names, active false after deactivation and unassignment, active true after reactivation, same id throughout (docs/idp/okta.md §4.4 [T], §1.3–§1.6 [D]).
    Given the value "Runscope{{run}}" saved as "lastname"
    And the value "runscope.{{run}}@atko.com" saved as "email"
    # steps 2–3: create the Okta user and assign it → existence check + POST
    When Okta sends GET "/Users?filter=userName%20eq%20%22{{email | pct}}%22&startIndex=1&count=100"
    Then the response status is 200
    And the value at "/totalResults" is 0
    When Okta sends POST "/Users" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "userName": "{{email | json}}",
        "name": {"givenName": "Runscope", "familyName": "{{lastname | json}}"},
        "emails": [{"primary": true, "value": "{{email | json}}", "type": "work"}],
        "displayName": "Runscope {{lastname | json}}",
        "locale": "en-US",
        "externalId": "00u{{run}}",
        "groups": [],
        "password": "1mz050nq",
        "active": true
      }
      """
    Then the response status is 201
    # step 4: the SCIM side has the user
    When Okta's SPEC test sends GET "/Users?filter=userName%20eq%20%22{{email | pct}}%22"
    Then the response status is 200
    And the value at "/Resources/0/userName" is "{{email}}"
    And the value at "/Resources/0/emails/0/value" is "{{email}}"
    And the value at "/Resources/0/name/familyName" is "{{lastname}}"
    And the value at "/Resources/0/name/givenName" is "Runscope"
    And the value at "/Resources/0/id" is saved as "scim_id"
    # step 5: change the first name → GET + PUT
    When Okta sends GET "/Users/{{scim_id}}"
    Then the response status is 200
    And the response is saved as "current"
    When Okta sends PUT "/Users/{{scim_id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "id": "{{scim_id}}",
        "userName": "{{email | json}}",
        "name": {"givenName": "Runscopeupdate", "familyName": "{{lastname | json}}"},
        "emails": [{"primary": true, "value": "{{email | json}}", "type": "work"}],
        "displayName": "Runscopeupdate {{lastname | json}}",
        "locale": "en-US",
        "externalId": "00u{{run}}",
        "groups": [],
        "password": "1mz050nq",
        "active": true,
        "meta": {{current.meta}}
      }
      """
    Then the response status is 200
    When Okta's SPEC test sends GET "/Users/{{scim_id}}"
    Then the response status is 200
    And the value at "/name/givenName" is "Runscopeupdate"
    # step 6: deactivate the Okta user
    When Okta sends PATCH "/Users/{{scim_id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
       "Operations":[{"op":"replace","value":{"active":false}}]}
      """
    Then the response status is 200 or 204
    When Okta's SPEC test sends GET "/Users/{{scim_id}}"
    Then the response status is 200
    And the value at "/active" is false
    # step 7: activate and re-assign → lookup, active true, profile push
    When Okta sends GET "/Users?filter=userName%20eq%20%22{{email | pct}}%22&startIndex=1&count=100"
    Then the response status is 200
    And the value at "/totalResults" is 1
    And the value at "/Resources/0/id" is "{{scim_id}}"
    When Okta sends PATCH "/Users/{{scim_id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
       "Operations":[{"op":"replace","value":{"active":true}}]}
      """
    Then the response status is 200 or 204
    When Okta sends GET "/Users/{{scim_id}}"
    Then the response status is 200
    And the response is saved as "current"
    When Okta sends PUT "/Users/{{scim_id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "id": "{{scim_id}}",
        "userName": "{{email | json}}",
        "name": {"givenName": "Runscopeupdate", "familyName": "{{lastname | json}}"},
        "emails": [{"primary": true, "value": "{{email | json}}", "type": "work"}],
        "displayName": "Runscopeupdate {{lastname | json}}",
        "locale": "en-US",
        "externalId": "00u{{run}}",
        "groups": [],
        "password": "1mz050nq",
        "active": true,
        "meta": {{current.meta}}
      }
      """
    Then the response status is 200
    When Okta's SPEC test sends GET "/Users/{{scim_id}}"
    Then the response status is 200
    And the value at "/active" is true
    # step 8: unassign → deactivate
    When Okta sends PATCH "/Users/{{scim_id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
       "Operations":[{"op":"replace","value":{"active":false}}]}
      """
    Then the response status is 200 or 204
    When Okta's SPEC test sends GET "/Users/{{scim_id}}"
    Then the response status is 200
    And the value at "/active" is false
    And the value at "/id" is "{{scim_id}}"
    And the value at "/name/givenName" is "Runscopeupdate"

  @must @test-suite @documented @okta-aiw
  Scenario: CRUD test on a PUT (AIW) app: assign, update, deactivate, reactivate, unassign
    Each Okta action of the CRUD test becomes its wire requests for an AIW app (filter + POST, then GET + PUT for updates and for active false/true), and after each one the suite reads the user back: names, active false after deactivation and unassignment, active true after reactivation, same id throughout (docs/idp/okta.md §4.4 [T], §1.3–§1.6 [D], §0.1).
    Given the value "Runscope{{run}}" saved as "lastname"
    And the value "runscope.{{run}}@atko.com" saved as "email"
    # steps 2–3: create the Okta user and assign it → existence check + POST
    When Okta sends GET "/Users?filter=userName%20eq%20%22{{email | pct}}%22&startIndex=1&count=100"
    Then the response status is 200
    And the value at "/totalResults" is 0
    When Okta sends POST "/Users" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "userName": "{{email | json}}",
        "name": {"givenName": "Runscope", "familyName": "{{lastname | json}}"},
        "emails": [{"primary": true, "value": "{{email | json}}", "type": "work"}],
        "displayName": "Runscope {{lastname | json}}",
        "locale": "en-US",
        "externalId": "00u{{run}}",
        "groups": [],
        "password": "1mz050nq",
        "active": true
      }
      """
    Then the response status is 201
    # step 4: the SCIM side has the user
    When Okta's SPEC test sends GET "/Users?filter=userName%20eq%20%22{{email | pct}}%22"
    Then the response status is 200
    And the value at "/Resources/0/userName" is "{{email}}"
    And the value at "/Resources/0/emails/0/value" is "{{email}}"
    And the value at "/Resources/0/name/familyName" is "{{lastname}}"
    And the value at "/Resources/0/name/givenName" is "Runscope"
    And the value at "/Resources/0/id" is saved as "scim_id"
    # step 5: change the first name → GET + PUT
    When Okta sends GET "/Users/{{scim_id}}"
    Then the response status is 200
    And the response is saved as "current"
    When Okta sends PUT "/Users/{{scim_id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "id": "{{scim_id}}",
        "userName": "{{email | json}}",
        "name": {"givenName": "Runscopeupdate", "familyName": "{{lastname | json}}"},
        "emails": [{"primary": true, "value": "{{email | json}}", "type": "work"}],
        "displayName": "Runscopeupdate {{lastname | json}}",
        "locale": "en-US",
        "externalId": "00u{{run}}",
        "groups": [],
        "password": "1mz050nq",
        "active": true,
        "meta": {{current.meta}}
      }
      """
    Then the response status is 200
    When Okta's SPEC test sends GET "/Users/{{scim_id}}"
    Then the response status is 200
    And the value at "/name/givenName" is "Runscopeupdate"
    # step 6: deactivate the Okta user
    When Okta sends GET "/Users/{{scim_id}}"
    Then the response status is 200
    And the response is saved as "current"
    When Okta sends PUT "/Users/{{scim_id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "id": "{{scim_id}}",
        "userName": "{{email | json}}",
        "name": {"givenName": "Runscopeupdate", "familyName": "{{lastname | json}}"},
        "emails": [{"primary": true, "value": "{{email | json}}", "type": "work"}],
        "displayName": "Runscopeupdate {{lastname | json}}",
        "locale": "en-US",
        "externalId": "00u{{run}}",
        "groups": [],
        "password": "1mz050nq",
        "active": false,
        "meta": {{current.meta}}
      }
      """
    Then the response status is 200
    When Okta's SPEC test sends GET "/Users/{{scim_id}}"
    Then the response status is 200
    And the value at "/active" is false
    # step 7: activate and re-assign → lookup, active true, profile push
    When Okta sends GET "/Users?filter=userName%20eq%20%22{{email | pct}}%22&startIndex=1&count=100"
    Then the response status is 200
    And the value at "/totalResults" is 1
    And the value at "/Resources/0/id" is "{{scim_id}}"
    When Okta sends GET "/Users/{{scim_id}}"
    Then the response status is 200
    And the response is saved as "current"
    When Okta sends PUT "/Users/{{scim_id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "id": "{{scim_id}}",
        "userName": "{{email | json}}",
        "name": {"givenName": "Runscopeupdate", "familyName": "{{lastname | json}}"},
        "emails": [{"primary": true, "value": "{{email | json}}", "type": "work"}],
        "displayName": "Runscopeupdate {{lastname | json}}",
        "locale": "en-US",
        "externalId": "00u{{run}}",
        "groups": [],
        "password": "1mz050nq",
        "active": true,
        "meta": {{current.meta}}
      }
      """
    Then the response status is 200
    When Okta sends GET "/Users/{{scim_id}}"
    Then the response status is 200
    And the response is saved as "current"
    When Okta sends PUT "/Users/{{scim_id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "id": "{{scim_id}}",
        "userName": "{{email | json}}",
        "name": {"givenName": "Runscopeupdate", "familyName": "{{lastname | json}}"},
        "emails": [{"primary": true, "value": "{{email | json}}", "type": "work"}],
        "displayName": "Runscopeupdate {{lastname | json}}",
        "locale": "en-US",
        "externalId": "00u{{run}}",
        "groups": [],
        "password": "1mz050nq",
        "active": true,
        "meta": {{current.meta}}
      }
      """
    Then the response status is 200
    When Okta's SPEC test sends GET "/Users/{{scim_id}}"
    Then the response status is 200
    And the value at "/active" is true
    # step 8: unassign → deactivate
    When Okta sends GET "/Users/{{scim_id}}"
    Then the response status is 200
    And the response is saved as "current"
    When Okta sends PUT "/Users/{{scim_id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "id": "{{scim_id}}",
        "userName": "{{email | json}}",
        "name": {"givenName": "Runscopeupdate", "familyName": "{{lastname | json}}"},
        "emails": [{"primary": true, "value": "{{email | json}}", "type": "work"}],
        "displayName": "Runscopeupdate {{lastname | json}}",
        "locale": "en-US",
        "externalId": "00u{{run}}",
        "groups": [],
        "password": "1mz050nq",
        "active": false,
        "meta": {{current.meta}}
      }
      """
    Then the response status is 200
    When Okta's SPEC test sends GET "/Users/{{scim_id}}"
    Then the response status is 200
    And the value at "/active" is false
    And the value at "/id" is "{{scim_id}}"
    And the value at "/name/givenName" is "Runscopeupdate"
