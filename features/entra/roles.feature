@entra
Feature: Entra provisions app role assignments as roles
  Roles flow only when the mapping uses one of three expressions on [appRoleAssignments]
  (docs/idp/entra.md §1.8): SingleAppRoleAssignment writes roles[primary eq "True"].value;
  AppRoleAssignmentsComplex posts every role with displayName and PATCHes Adds of JSON strings that
  embed role objects; AssertiveAppRoleAssignmentsComplex posts roles with display and replaces the
  whole set. The server must accept display and displayName, parse embedded JSON role values, and
  match the filter primary eq "True" against a stored boolean true.

  @entra-default @must @documented
  Scenario: Create a user with a single primary role (SingleAppRoleAssignment)
    With SingleAppRoleAssignment the create body carries one role with primary true and type WindowsAzureActiveDirectoryRole (docs/idp/entra.md §1.8 (a) [DOC S3; entra-docs#391]).
    When Entra sends POST "/Users" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "externalId": "{{run}}-alias",
        "userName": "{{run}}-alias@contoso.OnMicrosoft.com",
        "active": true,
        "displayName": "First Name Last Name",
        "meta": {"resourceType": "User"},
        "roles": [{"primary": true, "type": "WindowsAzureActiveDirectoryRole", "value": "Admin"}]
      }
      """
    Then the response status is 201
    And the value at "/roles" has 1 item
    And the value at "/roles/0/value" is "Admin"
    And the value at "/roles/0/primary" is true
    And the value at "/roles/0/type" is "WindowsAzureActiveDirectoryRole"
    And the response is saved as "alias"
    When Entra sends GET "/Users/{{alias.id}}"
    Then the response status is 200
    And the value at "/roles" contains {"primary": true, "type": "WindowsAzureActiveDirectoryRole", "value": "Admin"}

  @entra-validator @must @test-suite @tolerance-string-boolean
  Scenario: Change the primary role through roles[primary eq "True"].value
    The validator and SingleAppRoleAssignment write the role through the filtered path roles[primary eq "True"].value, whose string "True" must match the stored boolean true; the role is replaced, not duplicated (docs/idp/entra.md §1.8 (a) [VAL S12; DOC S3], §3 Q3).
    Given a user "alias" exists with:
      """
      {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "externalId": "{{run}}-alias",
        "userName": "{{run}}-alias@contoso.OnMicrosoft.com",
        "active": true,
        "roles": [{"primary": true, "type": "WindowsAzureActiveDirectoryRole", "value": "Admin"}]
      }
      """
    When the SCIM Validator sends PATCH "/Users/{{alias.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{"op": "replace", "path": "roles[primary eq \"True\"].value", "value": "Viewer"}]
      }
      """
    Then the response status is 200 or 204
    When the SCIM Validator sends GET "/Users/{{alias.id}}"
    Then the response status is 200
    And the value at "/roles" has 1 item
    And the value at "/roles/0/value" is "Viewer"
    And the value at "/roles/0/primary" is true

  @entra-default @must @documented @tolerance-op-case @tolerance-role-json-string
  Scenario: A role change whose value is a JSON string embedding the role object
    Microsoft documents the default-dialect role PATCH as Add on roles with a value object whose "value" is a JSON string embedding id, value and displayName, which the server must parse (docs/idp/entra.md §1.8 (a) [DOC S3], §3 Q12).
    Given a user "alias" exists with:
      """
      {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "externalId": "{{run}}-alias",
        "userName": "{{run}}-alias@contoso.OnMicrosoft.com",
        "active": true
      }
      """
    When Entra sends PATCH "/Users/{{alias.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{
          "op": "Add",
          "path": "roles",
          "value": [{"value": "{\"id\":\"06b07648-ecfe-589f-9d2f-6325724a46ee\",\"value\":\"25\",\"displayName\":\"Role1234\"}"}]
        }]
      }
      """
    Then the response status is 200 or 204
    When Entra sends GET "/Users/{{alias.id}}"
    Then the response status is 200
    And the value at "/roles" has 1 item
    And the value at "/roles/0/value" is "25"

  @entra-default @must @documented @tolerance-role-json-string
  Scenario: Create with every role as displayName/value pairs (AppRoleAssignmentsComplex)
    With AppRoleAssignmentsComplex the create body carries all roles with primary false and the key displayName, which the server must accept (docs/idp/entra.md §1.8 (b) [DOC S3], §3 Q13).
    When Entra sends POST "/Users" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "externalId": "{{run}}-complex",
        "userName": "{{run}}-complex@contoso.OnMicrosoft.com",
        "active": true,
        "meta": {"resourceType": "User"},
        "roles": [
          {"primary": false, "type": "WindowsAzureActiveDirectoryRole", "displayName": "Admin", "value": "Admin"},
          {"primary": false, "type": "WindowsAzureActiveDirectoryRole", "displayName": "User", "value": "User"}
        ]
      }
      """
    Then the response status is 201
    And the value at "/roles" has 2 items
    And the value at "/roles" contains {"value": "Admin", "primary": false}
    And the value at "/roles" contains {"value": "User", "primary": false}
    And the response is saved as "complex"
    When Entra sends GET "/Users/{{complex.id}}"
    Then the response status is 200
    And the value at "/roles" has 2 items
    And the value at "/roles" contains {"value": "Admin"}
    And the value at "/roles" contains {"value": "User"}

  @entra-default @must @observed @tolerance-op-case @tolerance-role-json-string
  Scenario: Add roles as embedded-JSON strings (AppRoleAssignmentsComplex)
    AppRoleAssignmentsComplex PATCHes Add on roles with one JSON string per role embedding id, value and displayName, seen live; both roles must be stored with their values (docs/idp/entra.md §1.8 (b) [FIELD SCIM-SDK#516], §3 Q12).
    Given a user "complex" exists with:
      """
      {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "externalId": "{{run}}-complex",
        "userName": "{{run}}-complex@contoso.OnMicrosoft.com",
        "active": true,
        "roles": []
      }
      """
    When Entra sends PATCH "/Users/{{complex.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
       "Operations":[{"op":"Add","path":"roles","value":[
         {"value":"{\"id\":\"06b07648-ecfe-589f-9d2f-6325724a46ee\",\"value\":\"Admin\",\"displayName\":\"Admin\"}"},
         {"value":"{\"id\":\"06b07648-ecfe-599f-9d2f-6325724a46ee\",\"value\":\"User\",\"displayName\":\"User\"}"}]}]}
      """
    Then the response status is 200 or 204
    When Entra sends GET "/Users/{{complex.id}}"
    Then the response status is 200
    And the value at "/roles" has 2 items
    And the value at "/roles" contains {"value": "Admin"}
    And the value at "/roles" contains {"value": "User"}

  @entra-default @must @documented
  Scenario: Create with roles keyed display (AssertiveAppRoleAssignmentsComplex)
    AssertiveAppRoleAssignmentsComplex posts every role with the key display, not displayName, and primary false (docs/idp/entra.md §1.8 (c) [DOC S3]).
    When Entra sends POST "/Users" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "externalId": "{{run}}-assertive",
        "userName": "{{run}}-assertive@contoso.OnMicrosoft.com",
        "active": true,
        "meta": {"resourceType": "User"},
        "roles": [
          {"primary": false, "type": "WindowsAzureActiveDirectoryRole", "display": "User", "value": "User"},
          {"primary": false, "type": "WindowsAzureActiveDirectoryRole", "display": "Test", "value": "Test"}
        ]
      }
      """
    Then the response status is 201
    And the value at "/roles" has 2 items
    And the value at "/roles" contains {"display": "User", "value": "User", "primary": false}
    And the value at "/roles" contains {"display": "Test", "value": "Test", "primary": false}

  @entra-default @must @documented
  Scenario: Replace the whole role set (AssertiveAppRoleAssignmentsComplex)
    AssertiveAppRoleAssignmentsComplex PATCHes a lowercase replace of roles with the complete new set, so roles not in it are gone afterwards (docs/idp/entra.md §1.8 (c) [DOC S3]).
    Given a user "assertive" exists with:
      """
      {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "externalId": "{{run}}-assertive",
        "userName": "{{run}}-assertive@contoso.OnMicrosoft.com",
        "active": true,
        "roles": [
          {"primary": false, "type": "WindowsAzureActiveDirectoryRole", "display": "Admin", "value": "Admin"}
        ]
      }
      """
    When Entra sends PATCH "/Users/{{assertive.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
       "Operations":[{"op":"replace","path":"roles","value":[
         {"primary":false,"type":"WindowsAzureActiveDirectoryRole","display":"User","value":"User"},
         {"primary":false,"type":"WindowsAzureActiveDirectoryRole","display":"Test","value":"Test"}]}]}
      """
    Then the response status is 200 or 204
    When Entra sends GET "/Users/{{assertive.id}}"
    Then the response status is 200
    And the value at "/roles" has 2 items
    And the value at "/roles" contains {"display": "User", "value": "User"}
    And the value at "/roles" contains {"display": "Test", "value": "Test"}
    And the value at "/roles" does not contain {"value": "Admin"}
