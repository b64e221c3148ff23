Feature: Discovery endpoints
  A client learns what a SCIM service provider supports from three read-only endpoints:
  /ServiceProviderConfig, /ResourceTypes and /Schemas (RFC 7644 §4, described by RFC 7643 §5–§7).

  @protocol @rfc7644-4 @rfc7643-5 @must
  Scenario: ServiceProviderConfig describes every required capability
    RFC 7644 §4 and RFC 7643 §5: GET /ServiceProviderConfig returns the ServiceProviderConfig schema with patch, bulk, filter, changePassword, sort, etag and authenticationSchemes, all REQUIRED.
    When the client sends GET "/ServiceProviderConfig"
    Then the response status is 200
    And the response is a valid ServiceProviderConfig
    And the value at "/schemas" contains "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"
    And the value at "/patch/supported" is a boolean
    And the value at "/bulk/supported" is a boolean
    And the value at "/bulk/maxOperations" is a number
    And the value at "/bulk/maxPayloadSize" is a number
    And the value at "/filter/supported" is a boolean
    And the value at "/filter/maxResults" is a number
    And the value at "/changePassword/supported" is a boolean
    And the value at "/sort/supported" is a boolean
    And the value at "/etag/supported" is a boolean
    And the value at "/authenticationSchemes" is an array

  @protocol @rfc7643-5 @must
  Scenario: ServiceProviderConfig names its authentication schemes
    RFC 7643 §5: authenticationSchemes lists the supported schemes, each with a REQUIRED type, name and description.
    When the client sends GET "/ServiceProviderConfig"
    Then the response status is 200
    And the value at "/authenticationSchemes" is not empty
    And the value at "/authenticationSchemes/0/type" is a string
    And the value at "/authenticationSchemes/0/name" is a string
    And the value at "/authenticationSchemes/0/description" is a string

  @protocol @rfc7644-4 @rfc7643-6 @must
  Scenario: ResourceTypes lists User and Group with their endpoints and schemas
    RFC 7644 §4: multiple ResourceTypes SHALL be returned in the ListResponse form, each naming its endpoint and core schema as RFC 7643 §6 defines.
    When the client sends GET "/ResourceTypes"
    Then the response status is 200
    And the response is a valid ListResponse
    And the value at "/schemas" contains "urn:ietf:params:scim:api:messages:2.0:ListResponse"
    And the value at "/Resources" contains {"name": "User", "endpoint": "/Users", "schema": "urn:ietf:params:scim:schemas:core:2.0:User"}
    And the value at "/Resources" contains {"name": "Group", "endpoint": "/Groups", "schema": "urn:ietf:params:scim:schemas:core:2.0:Group"}
    And every resource has the value at "/schemas" present

  @protocol @rfc7644-4 @rfc7643-6 @should
  Scenario: A single ResourceType is retrieved by its id
    RFC 7644 §4: a request for a specific ResourceType returns the single object as a User is returned (§3.4.1); RFC 7643 §8.6 gives the User resource type the id "User".
    When the client sends GET "/ResourceTypes/User"
    Then the response status is 200
    And the response is a valid ResourceType
    And the value at "/schemas" contains "urn:ietf:params:scim:schemas:core:2.0:ResourceType"
    And the value at "/name" is "User"
    And the value at "/endpoint" is "/Users"
    And the value at "/schema" is "urn:ietf:params:scim:schemas:core:2.0:User"

  @protocol @rfc7644-4 @rfc7643-7 @must
  Scenario: Schemas lists the User and Group schemas
    RFC 7644 §4: GET /Schemas SHALL return all supported schemas in ListResponse format, each described as RFC 7643 §7 defines.
    When the client sends GET "/Schemas"
    Then the response status is 200
    And the response is a valid ListResponse
    And the value at "/Resources" contains {"id": "urn:ietf:params:scim:schemas:core:2.0:User"}
    And the value at "/Resources" contains {"id": "urn:ietf:params:scim:schemas:core:2.0:Group"}
    And every resource has the value at "/attributes" present

  @protocol @rfc7644-4 @rfc7643-7 @must
  Scenario: A single schema is retrieved by its URN
    RFC 7644 §4: an individual schema definition is returned by appending the schema URI to /Schemas.
    When the client sends GET "/Schemas/urn:ietf:params:scim:schemas:core:2.0:User"
    Then the response status is 200
    And the response is a valid Schema
    And the value at "/id" is "urn:ietf:params:scim:schemas:core:2.0:User"
    And the value at "/attributes" contains {"name": "userName"}
    And the value at "/attributes" contains {"name": "emails"}

  @protocol @rfc7643-7 @rfc7643-4.1.1 @must
  Scenario: The User schema declares userName required, case-insensitive and unique on the server
    RFC 7643 §4.1.1 and §8.7.1: userName is REQUIRED, compared without regard to case (caseExact false) and unique within the service provider (uniqueness server).
    When the client sends GET "/Schemas/urn:ietf:params:scim:schemas:core:2.0:User"
    Then the response status is 200
    And the value at "/attributes" contains {"name": "userName", "type": "string", "multiValued": false, "required": true, "caseExact": false, "uniqueness": "server"}

  @protocol @rfc7643-7 @rfc7643-4.1.1 @must
  Scenario: The User schema declares password write-only and never returned
    RFC 7643 §4.1.1 and §8.7.1: password has mutability writeOnly and returned never; its value SHALL NOT be returnable by a service provider.
    When the client sends GET "/Schemas/urn:ietf:params:scim:schemas:core:2.0:User"
    Then the response status is 200
    And the value at "/attributes" contains {"name": "password", "type": "string", "mutability": "writeOnly", "returned": "never"}

  @protocol @rfc7643-7 @rfc7643-4.1.2 @should
  Scenario: The User schema declares groups read-only and emails multi-valued and complex
    RFC 7643 §4.1.2 and §8.7.1: groups is readOnly (membership changes go through the Group resource) and emails is a multi-valued complex attribute with value, type and primary sub-attributes.
    When the client sends GET "/Schemas/urn:ietf:params:scim:schemas:core:2.0:User"
    Then the response status is 200
    And the value at "/attributes" contains {"name": "groups", "multiValued": true, "mutability": "readOnly"}
    And the value at "/attributes" contains {"name": "emails", "type": "complex", "multiValued": true, "subAttributes": [{"name": "value"}, {"name": "type"}, {"name": "primary", "type": "boolean"}]}
    And the value at "/attributes" contains {"name": "active", "type": "boolean", "multiValued": false}

  @protocol @rfc7643-7 @rfc7643-4.2 @should
  Scenario: The Group schema declares multi-valued members with an immutable value
    RFC 7643 §4.2 and §8.7.1: a Group has a displayName and a multi-valued members attribute whose value sub-attribute is immutable.
    When the client sends GET "/Schemas/urn:ietf:params:scim:schemas:core:2.0:Group"
    Then the response status is 200
    And the response is a valid Schema
    And the value at "/id" is "urn:ietf:params:scim:schemas:core:2.0:Group"
    And the value at "/attributes" contains {"name": "displayName", "type": "string"}
    And the value at "/attributes" contains {"name": "members", "type": "complex", "multiValued": true, "subAttributes": [{"name": "value", "mutability": "immutable"}]}

  @protocol @rfc7644-4 @must
  Scenario: Discovery lists ignore paging and sorting parameters
    RFC 7644 §4: query parameters of §3.4.2 such as sorting and pagination SHALL be ignored on /ResourceTypes and /Schemas, which return every entry.
    When the client sends GET "/ResourceTypes?startIndex=2&count=1&sortBy=name&sortOrder=descending"
    Then the response status is 200
    And the value at "/Resources" contains {"name": "User"}
    And the value at "/Resources" contains {"name": "Group"}
    When the client sends GET "/Schemas?startIndex=2&count=1"
    Then the response status is 200
    And the value at "/Resources" contains {"id": "urn:ietf:params:scim:schemas:core:2.0:User"}
    And the value at "/Resources" contains {"id": "urn:ietf:params:scim:schemas:core:2.0:Group"}

  @protocol @rfc7644-4 @rfc7644-3.12 @should
  Scenario: A filter on a discovery endpoint is refused with 403
    RFC 7644 §4: filters are not applied to /ResourceTypes and /Schemas, and if a filter is provided the service provider SHOULD respond 403 Forbidden so that clients do not assume it matched.
    Given the value "id eq \"urn:ietf:params:scim:schemas:core:2.0:User\"" saved as "filter"
    When the client sends GET "/Schemas?filter={{filter | pct}}"
    Then the response is a SCIM Error with status 403
    Given the value "name eq \"User\"" saved as "filter"
    When the client sends GET "/ResourceTypes?filter={{filter | pct}}"
    Then the response is a SCIM Error with status 403

  @protocol @rfc7644-4 @rfc7644-3.12 @should
  Scenario: ServiceProviderConfig refuses writes with 405 and a SCIM Error
    RFC 7644 §4 defines only GET on /ServiceProviderConfig; other methods get 405 Method Not Allowed (RFC 7231 §6.5.5), reported as a SCIM Error (RFC 7644 §3.12).
    When the client sends POST "/ServiceProviderConfig" with:
      """
      {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"]}
      """
    Then the response is a SCIM Error with status 405
    When the client sends PUT "/ServiceProviderConfig" with:
      """
      {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"]}
      """
    Then the response is a SCIM Error with status 405
    When the client sends PATCH "/ServiceProviderConfig" with:
      """
      {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [{"op": "replace", "path": "sort.supported", "value": false}]}
      """
    Then the response is a SCIM Error with status 405
    When the client sends DELETE "/ServiceProviderConfig"
    Then the response is a SCIM Error with status 405

  @protocol @rfc7644-4 @rfc7644-3.12 @should
  Scenario: ResourceTypes refuses writes with 405 and a SCIM Error
    RFC 7644 §4 defines only GET on /ResourceTypes; other methods get 405 Method Not Allowed (RFC 7231 §6.5.5), reported as a SCIM Error (RFC 7644 §3.12).
    When the client sends POST "/ResourceTypes" with:
      """
      {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"], "id": "Device{{run}}", "name": "Device", "endpoint": "/Devices", "schema": "urn:example:Device"}
      """
    Then the response is a SCIM Error with status 405
    When the client sends PUT "/ResourceTypes/User" with:
      """
      {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"], "id": "User", "name": "User", "endpoint": "/People", "schema": "urn:ietf:params:scim:schemas:core:2.0:User"}
      """
    Then the response is a SCIM Error with status 405
    When the client sends PATCH "/ResourceTypes/User" with:
      """
      {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [{"op": "replace", "path": "endpoint", "value": "/People"}]}
      """
    Then the response is a SCIM Error with status 405
    When the client sends DELETE "/ResourceTypes/User"
    Then the response is a SCIM Error with status 405
    When the client sends GET "/ResourceTypes/User"
    Then the response status is 200
    And the value at "/endpoint" is "/Users"

  @protocol @rfc7644-4 @rfc7644-3.12 @should
  Scenario: Schemas refuses writes with 405 and a SCIM Error
    RFC 7644 §4 defines only GET on /Schemas; other methods get 405 Method Not Allowed (RFC 7231 §6.5.5), reported as a SCIM Error (RFC 7644 §3.12).
    When the client sends POST "/Schemas" with:
      """
      {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Schema"], "id": "urn:example:{{run}}", "name": "Example", "attributes": []}
      """
    Then the response is a SCIM Error with status 405
    When the client sends PUT "/Schemas/urn:ietf:params:scim:schemas:core:2.0:User" with:
      """
      {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Schema"], "id": "urn:ietf:params:scim:schemas:core:2.0:User", "name": "User", "attributes": []}
      """
    Then the response is a SCIM Error with status 405
    When the client sends PATCH "/Schemas/urn:ietf:params:scim:schemas:core:2.0:User" with:
      """
      {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [{"op": "remove", "path": "attributes"}]}
      """
    Then the response is a SCIM Error with status 405
    When the client sends DELETE "/Schemas/urn:ietf:params:scim:schemas:core:2.0:User"
    Then the response is a SCIM Error with status 405
    When the client sends GET "/Schemas/urn:ietf:params:scim:schemas:core:2.0:User"
    Then the response status is 200
    And the value at "/attributes" contains {"name": "userName"}
