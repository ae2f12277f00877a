// The AWS SDK clients, built once per container. Endpoints come from the SDK's own variables
// (AWS_ENDPOINT_URL_DYNAMODB, _S3, _SQS), so handlers run unchanged against emulators.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export const dynamodbClient = new DynamoDBClient({});

export const dynamodb = DynamoDBDocumentClient.from(dynamodbClient, {
  marshallOptions: { removeUndefinedValues: true },
});
