//! AWS's Security Token Service, generated from its spec in `../shared/specs/corpus`, on the wire:
//! its answers are XML. An AssumeRole answer, as AWS documents it (the result wrapped in an
//! `<AssumeRoleResult>` the spec does not describe), reads into `AssumeRoleResponse`; a request body
//! is sent as XML; an error answer gives its code and message.

use amazonaws_com_sts_2011_06_15::*;
use wiremock::matchers::{header, method, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    Client::new(Config::new().endpoint(server.uri()).token("SIGNATURE")).expect("valid")
}

fn xml(status: u16, body: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(body.as_bytes().to_vec(), "text/xml")
}

/// The shape of AWS's documented AssumeRole answer.
const ASSUME_ROLE: &str = r#"<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleResult>
    <SourceIdentity>DevUser123</SourceIdentity>
    <AssumedRoleUser>
      <Arn>arn:aws:sts::123456789012:assumed-role/demo/John</Arn>
      <AssumedRoleId>ARO123EXAMPLE123:John</AssumedRoleId>
    </AssumedRoleUser>
    <Credentials>
      <AccessKeyId>ASIAIOSFODNN7EXAMPLE</AccessKeyId>
      <SecretAccessKey>wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY</SecretAccessKey>
      <SessionToken>AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQW</SessionToken>
      <Expiration>2019-11-09T13:34:41Z</Expiration>
    </Credentials>
    <PackedPolicySize>6</PackedPolicySize>
  </AssumeRoleResult>
  <ResponseMetadata>
    <RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId>
  </ResponseMetadata>
</AssumeRoleResponse>"#;

#[tokio::test]
async fn an_assume_role_answer_reads_into_its_model() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(query_param("Action", "AssumeRole"))
        .and(query_param("RoleArn", "arn:aws:iam::123456789012:role/demo"))
        .respond_with(xml(200, ASSUME_ROLE))
        .expect(1)
        .mount(&server)
        .await;
    let answer = client(&server)
        .get_assume_role(
            "arn:aws:iam::123456789012:role/demo",
            "John",
            GetAssumeRoleAction::AssumeRole,
            GetAssumeRoleVersion::V20110615,
        )
        .await
        .expect("assumed");
    let credentials = answer.credentials.expect("credentials");
    assert_eq!(credentials.access_key_id, "ASIAIOSFODNN7EXAMPLE");
    assert_eq!(credentials.secret_access_key, "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY");
    assert!(credentials.session_token.starts_with("AQoDYXdzEPT//"));
    assert_eq!(credentials.expiration, "2019-11-09T13:34:41Z");
    let user = answer.assumed_role_user.expect("the assumed role's user");
    assert_eq!(user.arn, "arn:aws:sts::123456789012:assumed-role/demo/John");
    assert_eq!(user.assumed_role_id, "ARO123EXAMPLE123:John");
    assert_eq!(answer.packed_policy_size, Some(6), "an integer, read from text");
    assert_eq!(answer.source_identity.as_deref(), Some("DevUser123"));
}

#[tokio::test]
async fn a_request_body_is_sent_as_xml() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(header("content-type", "text/xml"))
        .respond_with(xml(200, ASSUME_ROLE))
        .expect(1)
        .mount(&server)
        .await;
    let body = AssumeRoleRequest::new("arn:aws:iam::123456789012:role/demo", "John")
        .duration_seconds(900)
        .tags(vec![Tag::new("Project", "Unicorn")]);
    let answer = client(&server)
        .post_assume_role(PostAssumeRoleAction::AssumeRole, PostAssumeRoleVersion::V20110615)
        .body(body)
        .await
        .expect("assumed");
    assert_eq!(answer.packed_policy_size, Some(6));
    let requests = server.received_requests().await.expect("recorded");
    assert_eq!(
        String::from_utf8(requests[0].body.clone()).expect("UTF-8"),
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8"?><AssumeRoleRequest>"#,
            "<RoleArn>arn:aws:iam::123456789012:role/demo</RoleArn><RoleSessionName>John</RoleSessionName>",
            "<DurationSeconds>900</DurationSeconds><Tags><Key>Project</Key><Value>Unicorn</Value></Tags>",
            "</AssumeRoleRequest>",
        )
    );
}

#[tokio::test]
async fn an_error_answer_gives_its_code_and_message() {
    let server = MockServer::start().await;
    let expired = r#"<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <Error>
    <Type>Sender</Type>
    <Code>ExpiredTokenException</Code>
    <Message>The security token included in the request is expired</Message>
  </Error>
  <RequestId>4c2d2f52-9d51-11e0-a6e6-e1f2b1f7ab4f</RequestId>
</ErrorResponse>"#;
    Mock::given(method("GET")).respond_with(xml(483, expired)).mount(&server).await;
    let error = client(&server)
        .get_assume_role(
            "arn:aws:iam::123456789012:role/demo",
            "John",
            GetAssumeRoleAction::AssumeRole,
            GetAssumeRoleVersion::V20110615,
        )
        .await
        .expect_err("expired");
    let service = error.service().expect("the service's error");
    assert_eq!(service.error_code.as_deref(), Some("ExpiredTokenException"));
    assert_eq!(service.error_msg.as_deref(), Some("The security token included in the request is expired"));
    assert_eq!(service.body, expired, "the body as sent");
    // The spec's error body is any value: the document as JSON.
    let body: serde_json::Value = service.xml_body_as().expect("any value");
    assert_eq!(body["Error"]["Code"], "ExpiredTokenException");
    assert_eq!(body["RequestId"], "4c2d2f52-9d51-11e0-a6e6-e1f2b1f7ab4f");
}
