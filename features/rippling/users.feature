@rippling
Feature: Rippling creates and updates users with only the attributes the admin declared
  Rippling writes only the SCIM paths typed into "Supported SCIM Attributes": a minimal app gets
  `userName` (the work email with "Use email address as user name", `@rippling-email-username`),
  `externalId` (the employee id), a primary email and the names (docs/idp/rippling.md §1.3, §3
  R2 R5); typed paths may be non-standard (R3). The user update method is unknown: a full PUT or
  an RFC PATCH, both must work (§1.4, R8). Every scenario is `@inferred`: no body is published.

  @should @inferred @rippling-email-username
  Scenario: Create with the declared attributes only: userName as the work email, externalId, primary email, names
    A minimal Rippling app declares externalId, emails.primary, name.givenName and name.familyName, with the work email as userName; the create must be 201 with an id, and externalId must be stored and filterable (docs/idp/rippling.md §1.3 [O] list, [I] body, §3 R2 R5).
    When Rippling sends POST "/Users" with:
      """
      {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],
       "userName":"{{run}}.maria.garcia@example.com","externalId":"emp-{{run}}-1001",
       "name":{"givenName":"Maria","familyName":"Garcia"},
       "emails":[{"value":"{{run}}.maria.garcia@example.com","primary":true}]}
      """
    Then the response status is 201
    And the response is a valid User
    And the response is saved as "maria"
    And the value at "/id" is not empty
    And the value at "/externalId" is "emp-{{run}}-1001"
    When Rippling sends GET "/Users?filter=externalId%20eq%20%22emp-{{run}}-1001%22"
    Then the response status is 200
    And the value at "/totalResults" is 1
    And the value at "/Resources/0/id" is "{{maria.id}}"

  @should @inferred
  Scenario: Create with the employee number in the enterprise extension
    Kombo's guide declares employeeNumber; its RFC home is the enterprise extension, and it must read back there (docs/idp/rippling.md §1.3 [O] list, [I] placement).
    When Rippling sends POST "/Users" with:
      """
      {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
       "userName":"{{run}}.li.wei@example.com","externalId":"emp-{{run}}-1002",
       "name":{"givenName":"Li","familyName":"Wei"},
       "emails":[{"value":"{{run}}.li.wei@example.com","primary":true}],
       "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"employeeNumber":"1002"}}
      """
    Then the response status is 201
    And the value at "/urn:ietf:params:scim:schemas:extension:enterprise:2.0:User/employeeNumber" is "1002"

  @should @inferred
  Scenario: A declared attribute the server does not know is accepted, not a 400
    Admins type the attribute paths themselves, so a body may carry an attribute outside the schema; the server should ignore or keep it and still create the user (docs/idp/rippling.md §0.2 [O], §3 R3 [I]).
    When Rippling sends POST "/Users" with:
      """
      {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],
       "userName":"{{run}}.sam.lee@example.com","externalId":"emp-{{run}}-1003",
       "workLocation":"Remote",
       "emails":[{"value":"{{run}}.sam.lee@example.com","primary":true}]}
      """
    Then the response status is 201
    And the value at "/userName" is "{{run}}.sam.lee@example.com"

  @should @inferred
  Scenario: A retried create of an existing account gets 409, and the account is found by externalId
    Retries of failed creates are possible, so a second POST of the same userName must be a 409 SCIM Error and the existing account must be found by its employee id (docs/idp/rippling.md §1.3 [I], §0.3 [I], §3 R5).
    Given a user "ana" exists with:
      """
      {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"{{run}}.ana@example.com","externalId":"emp-{{run}}-1004"}
      """
    When Rippling sends POST "/Users" with:
      """
      {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"{{run}}.ana@example.com","externalId":"emp-{{run}}-1004",
       "emails":[{"value":"{{run}}.ana@example.com","primary":true}]}
      """
    Then the response is a SCIM Error with status 409 and scimType "uniqueness"
    When Rippling sends GET "/Users?filter=externalId%20eq%20%22emp-{{run}}-1004%22"
    Then the value at "/totalResults" is 1
    And the value at "/Resources/0/id" is "{{ana.id}}"

  @should @inferred
  Scenario: A profile update as a full PUT of the declared attributes
    The update method is unpublished; as a full PUT the declared attributes change and read back (docs/idp/rippling.md §1.4 [O] trigger, [I] method, §3 R8).
    Given a user "alice" exists
    When Rippling sends PUT "/Users/{{alice.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],
       "userName":"{{alice.userName | json}}","externalId":"{{alice.externalId | json}}",
       "name":{"givenName":"Alice","familyName":"Married"},
       "emails":[{"value":"{{alice.userName | json}}","primary":true}]}
      """
    Then the response status is 200
    And the value at "/id" is "{{alice.id}}"
    And the value at "/name/familyName" is "Married"

  @should @inferred
  Scenario: A profile update as a PATCH replace, with and without a path
    As a PATCH, the update is presumably an RFC replace; both the path and the path-less form must apply (docs/idp/rippling.md §1.4 [I], §3 R8).
    Given a user "alice" exists
    When Rippling sends PATCH "/Users/{{alice.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
       "Operations":[{"op":"replace","path":"name.familyName","value":"Married"}]}
      """
    Then the response status is 200 or 204
    When Rippling sends PATCH "/Users/{{alice.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
       "Operations":[{"op":"replace","value":{"title":"Staff Engineer","name":{"givenName":"Alicia"}}}]}
      """
    Then the response status is 200 or 204
    When Rippling sends GET "/Users/{{alice.id}}"
    Then the response status is 200
    And the value at "/name/familyName" is "Married"
    And the value at "/name/givenName" is "Alicia"
    And the value at "/title" is "Staff Engineer"

  @should @inferred @rippling-email-username
  Scenario: A work email change with "Use email address as user name" changes userName on the same id
    With email as user name and userName updates pushed over SCIM, an email change arrives as an update of userName and the primary email; the id stays and the old name no longer matches (docs/idp/rippling.md §1.8 [O] options, [I] request).
    Given a user "alice" exists
    And the value "{{run}}.alice.new@example.com" saved as "newmail"
    When Rippling sends PUT "/Users/{{alice.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],
       "userName":"{{newmail}}","externalId":"{{alice.externalId | json}}",
       "emails":[{"value":"{{newmail}}","primary":true}]}
      """
    Then the response status is 200
    And the value at "/id" is "{{alice.id}}"
    And the value at "/userName" is "{{newmail}}"
    When Rippling sends GET "/Users?filter=userName%20eq%20%22{{alice.userName | pct}}%22"
    Then the value at "/totalResults" is 0
