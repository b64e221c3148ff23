Feature: The /Me alias
  RFC 7644 §3.11: /Me stands for the resource of the authenticated subject. Skipped when GET /Me
  answers anything but 200 for the token (a server without the alias answers 501). The scenarios
  change the token's own user, so they run alone.

  @protocol @rfc7644-3.11 @capability-me @must
  Scenario: GET /Me returns the same user as /Users/{id}
    RFC 7644 §3.11: /Me is an alias for the User of the authenticated subject; GET on it returns that User, which is also at /Users/{id}.
    When the client sends GET "/Me"
    Then the response status is 200
    And the response is a valid User
    And the value at "/id" is saved as "me"
    And the value at "/userName" is saved as "me_name"
    When the client sends GET "/Users/{{me}}"
    Then the response status is 200
    And the value at "/userName" is "{{me_name}}"

  @protocol @rfc7644-3.11 @capability-me @should
  Scenario: /Me answers with the permanent location of the aliased user
    RFC 7644 §3.11: responses through /Me carry the Location of the aliased resource, /Users/{id}, not /Me.
    When the client sends GET "/Me"
    Then the response status is 200
    And the value at "/id" is saved as "me"
    And the response header "Location" is "{{base}}/Users/{{me}}"
    And the value at "/meta/location" is "{{base}}/Users/{{me}}"

  @protocol @rfc7644-3.11 @capability-me @must @serial
  Scenario: PATCH /Me changes the token's own user
    RFC 7644 §3.11: a modification through /Me applies to the User of the authenticated subject, the one GET /Me returns (the scenario removes the title again).
    When the client sends GET "/Me"
    Then the value at "/id" is saved as "me"
    When the client sends PATCH "/Me" with:
      """
      {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
       "Operations": [{"op": "replace", "path": "title", "value": "{{run}} title"}]}
      """
    Then the response status is 200
    And the value at "/id" is "{{me}}"
    When the client sends GET "/Users/{{me}}"
    Then the value at "/title" is "{{run}} title"
    When the client sends PATCH "/Me" with:
      """
      {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
       "Operations": [{"op": "remove", "path": "title"}]}
      """
    Then the response status is 200
    And the value at "/title" is absent
