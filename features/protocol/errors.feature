Feature: Errors
  RFC 7644 §3.12: besides the HTTP status code, every error is returned in the body as a SCIM Error
  document (schema urn:ietf:params:scim:api:messages:2.0:Error, status as a string, scimType from
  Table 9 where one applies, and a human-readable detail).

  @protocol @rfc7644-3.12 @rfc7644-3.4.1 @must
  Scenario: An unknown user id is a 404 SCIM Error
    RFC 7644 §3.12 Table 8: 404 Not Found when the specified resource does not exist, with the error in the body as a SCIM Error.
    Given a new GUID saved as "missing"
    When the client sends GET "/Users/{{missing}}"
    Then the response is a SCIM Error with status 404
    When the client sends PUT "/Users/{{missing}}" with:
      """
      {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "{{run}}.missing@example.com"}
      """
    Then the response is a SCIM Error with status 404
    When the client sends DELETE "/Users/{{missing}}"
    Then the response is a SCIM Error with status 404

  @protocol @rfc7644-3.12 @rfc7644-3.5.2 @capability-patch @must
  Scenario: PATCH of an unknown user id is a 404 SCIM Error
    RFC 7644 §3.12 Table 8: 404 Not Found when the specified resource does not exist, for PATCH as for the other methods.
    Given a new GUID saved as "missing"
    When the client sends PATCH "/Users/{{missing}}" with:
      """
      {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [{"op": "replace", "path": "active", "value": false}]}
      """
    Then the response is a SCIM Error with status 404

  @protocol @rfc7644-3.12 @rfc7644-3.4.1 @must
  Scenario: An unknown group id is a 404 SCIM Error
    RFC 7644 §3.12 Table 8: 404 Not Found when the specified resource does not exist, with the error in the body as a SCIM Error.
    Given a new GUID saved as "missing"
    When the client sends GET "/Groups/{{missing}}"
    Then the response is a SCIM Error with status 404
    When the client sends DELETE "/Groups/{{missing}}"
    Then the response is a SCIM Error with status 404

  @protocol @rfc7644-3.12 @must
  Scenario: An unknown endpoint is a 404 SCIM Error
    RFC 7644 §3.12 Table 8: 404 Not Found when the specified endpoint does not exist, with the error in the body as a SCIM Error.
    When the client sends GET "/NoSuchEndpoint{{run}}"
    Then the response is a SCIM Error with status 404

  @protocol @rfc7644-3.11 @should
  Scenario: /Me answers 501 when the server does not support it
    RFC 7644 §3.11: a service provider that does not support the /Me authenticated subject alias SHOULD respond with 501 Not Implemented.
    When the client sends GET "/Me"
    Then the response status is 200 or 501

  @protocol @rfc7644-3.3 @rfc7644-3.12 @must
  Scenario: Creating a user with a userName already taken is a 409 uniqueness
    RFC 7644 §3.3: a create that conflicts with an existing resource (e.g. a duplicate userName) MUST answer 409 Conflict with scimType uniqueness.
    Given a user "alice" exists
    When the client sends POST "/Users" with:
      """
      {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "{{run}}.alice@example.com"}
      """
    Then the response is a SCIM Error with status 409 and scimType "uniqueness"

  @protocol @rfc7644-3.3 @rfc7643-4.1.1 @should
  Scenario: A userName differing only in case is also a 409 uniqueness
    RFC 7643 §4.1.1 makes userName unique on the service provider and not case-exact (caseExact false), so a case variant is the same userName and RFC 7644 §3.3 answers 409 uniqueness.
    Given a user "alice" exists
    When the client sends POST "/Users" with:
      """
      {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "{{alice.userName | upper}}"}
      """
    Then the response is a SCIM Error with status 409 and scimType "uniqueness"

  @protocol @rfc7644-3.5.1 @rfc7644-3.12 @must
  Scenario: Renaming a user to a taken userName is a 409 uniqueness
    RFC 7644 §3.12 Table 9: uniqueness applies to PUT as to POST; the rejected PUT leaves the user as it was.
    Given a user "alice" exists
    And a user "bob" exists
    When the client sends PUT "/Users/{{bob.id}}" with:
      """
      {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "{{run}}.alice@example.com"}
      """
    Then the response is a SCIM Error with status 409 and scimType "uniqueness"
    When the client sends GET "/Users/{{bob.id}}"
    Then the value at "/userName" is "{{run}}.bob@example.com"

  @protocol @rfc7644-3.5.2 @rfc7644-3.12 @capability-patch @must
  Scenario: Patching a userName to a taken one is a 409 uniqueness
    RFC 7644 §3.12 Table 9: uniqueness applies to PATCH as to POST and PUT; the rejected PATCH leaves the user as it was.
    Given a user "alice" exists
    And a user "bob" exists
    When the client sends PATCH "/Users/{{bob.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{"op": "replace", "path": "userName", "value": "{{run}}.alice@example.com"}]
      }
      """
    Then the response is a SCIM Error with status 409 and scimType "uniqueness"
    When the client sends GET "/Users/{{bob.id}}"
    Then the value at "/userName" is "{{run}}.bob@example.com"

  @protocol @rfc7644-3.3 @rfc7643-4.2 @may
  Scenario: A duplicate group displayName is a 409 uniqueness where the server makes it unique
    RFC 7643 §4.2 leaves Group.displayName without uniqueness; a server that declares it unique (as Entra's SCIM Validator expects) answers a duplicate with 409 uniqueness (RFC 7644 §3.3).
    Given a group "eng" exists
    When the client sends POST "/Groups" with:
      """
      {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": "{{run}} eng"}
      """
    Then the response is a SCIM Error with status 409 and scimType "uniqueness"

  @protocol @rfc7644-3.12 @must
  Scenario: A malformed JSON body is a 400 invalidSyntax
    RFC 7644 §3.12 Table 9: a request body whose message structure is invalid is a 400 with scimType invalidSyntax.
    When the client sends POST "/Users" with:
      """
      {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "{{run}}.broken@example.com",
      """
    Then the response is a SCIM Error with status 400 and scimType "invalidSyntax"

  @protocol @rfc7644-3.12 @rfc7644-3.5.1 @must
  Scenario: A malformed JSON body on replace is a 400 invalidSyntax and changes nothing
    RFC 7644 §3.12 Table 9: a request body whose message structure is invalid is a 400 with scimType invalidSyntax; the resource stays as it was.
    Given a user "alice" exists
    When the client sends PUT "/Users/{{alice.id}}" with:
      """
      {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "{{run}}.changed@example.com" "title": }
      """
    Then the response is a SCIM Error with status 400 and scimType "invalidSyntax"
    When the client sends GET "/Users/{{alice.id}}"
    Then the value at "/userName" is "{{run}}.alice@example.com"

  @protocol @rfc7644-3.12 @rfc7643-2.3 @must
  Scenario: A value of the wrong type is a 400 invalidValue
    RFC 7644 §3.12 Table 9: a value not compatible with the attribute type (RFC 7643 §2.3; active is a boolean) is a 400 with scimType invalidValue.
    When the client sends POST "/Users" with:
      """
      {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "{{run}}.typed@example.com", "active": {"enabled": true}}
      """
    Then the response is a SCIM Error with status 400 and scimType "invalidValue"

  @protocol @rfc7644-3.12 @rfc7643-2.3 @must
  Scenario: A number where a string belongs is a 400 invalidValue
    RFC 7644 §3.12 Table 9: a value not compatible with the attribute type (RFC 7643 §2.3; name.familyName is a string) is a 400 with scimType invalidValue.
    When the client sends POST "/Users" with:
      """
      {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "{{run}}.typed@example.com", "name": {"familyName": 42}}
      """
    Then the response is a SCIM Error with status 400 and scimType "invalidValue"

  @protocol @rfc7644-3.12 @rfc7643-4.1.1 @must
  Scenario: A user without userName is a 400 invalidValue
    RFC 7644 §3.12 Table 9: a required value that is missing (userName is REQUIRED, RFC 7643 §4.1.1) is a 400 with scimType invalidValue.
    When the client sends POST "/Users" with:
      """
      {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "displayName": "{{run}} Nameless"}
      """
    Then the response is a SCIM Error with status 400 and scimType "invalidValue"

  @protocol @rfc7644-3.5.2 @rfc7644-3.12 @capability-patch @must
  Scenario: PATCH replacing the read-only id is a 400 mutability
    RFC 7644 §3.5.2: a client MUST NOT modify a readOnly attribute such as id, and an incompatible operation SHALL fail; Table 9 names it mutability.
    Given a user "alice" exists
    When the client sends PATCH "/Users/{{alice.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{"op": "replace", "path": "id", "value": "hijacked-{{run}}"}]
      }
      """
    Then the response is a SCIM Error with status 400 and scimType "mutability"
    When the client sends GET "/Users/{{alice.id}}"
    Then the response status is 200
    And the value at "/id" is "{{alice.id}}"

  @protocol @rfc7644-2 @rfc7644-3.12 @must
  Scenario: A request without a token is a 401 SCIM Error with WWW-Authenticate
    RFC 7644 §3.12 Table 8: 401 Unauthorized when the authorization header is missing; RFC 7644 §2 SHALL indicate the supported schemes with WWW-Authenticate.
    When the client sends GET "/Users" without authorization
    Then the response is a SCIM Error with status 401
    And the response header "WWW-Authenticate" is present

  @protocol @rfc7644-2 @rfc7644-3.12 @must
  Scenario: A request with a wrong token is a 401 SCIM Error
    RFC 7644 §3.12 Table 8: 401 Unauthorized when the authorization header is invalid, with the error as a SCIM Error.
    When the client sends GET "/Users" with the authorization header "Bearer wrong-{{run}}"
    Then the response is a SCIM Error with status 401
    And the response header "WWW-Authenticate" is present

  @protocol @rfc7644-2 @rfc7644-3.12 @must
  Scenario: A write without a token is a 401 SCIM Error
    RFC 7644 §3.12 Table 8: 401 Unauthorized when the authorization header is missing, whatever the method.
    When the client sends POST "/Users" without authorization
    Then the response is a SCIM Error with status 401

  @protocol @rfc7644-3.12 @should
  Scenario: Error responses carry a detail a person can act on
    RFC 7644 §3.12: detail is a human-readable message; a conformant server fills it so that an administrator can tell what to fix.
    Given a user "alice" exists
    And a new GUID saved as "missing"
    When the client sends GET "/Users/{{missing}}"
    Then the response is a SCIM Error with status 404
    And the error detail is not empty
    When the client sends POST "/Users" with:
      """
      {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "{{run}}.alice@example.com"}
      """
    Then the response is a SCIM Error with status 409
    And the error detail is not empty
    When the client sends POST "/Users" with:
      """
      {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "{{run}}.broken@example.com",
      """
    Then the response is a SCIM Error with status 400
    And the error detail is not empty
    When the client sends GET "/Users" without authorization
    Then the response is a SCIM Error with status 401
    And the error detail is not empty

  @protocol @rfc7644-3.4.2.2 @rfc7644-3.12 @capability-filter @should
  Scenario: An invalid filter's detail says what is wrong
    RFC 7644 §3.12: detail is a human-readable message; for invalidFilter it should let the client find the broken part of the filter.
    Given the value "userName eq \"{{run}}\" and (title" saved as "filter"
    When the client sends GET "/Users?filter={{filter | pct}}"
    Then the response is a SCIM Error with status 400 and scimType "invalidFilter"
    And the error detail is not empty
