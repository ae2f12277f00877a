// Wires the outbound events' stores, queue and receiver policy to the resources the app definition grants a function.
import { SQSClient } from '@aws-sdk/client-sqs';
import { dynamodb } from '../aws/clients.js';
import { config } from '../config.js';
import { sqsEventsQueue } from './messages.js';
import { receiverPolicyFromEnv } from './receiver-address.js';
import { dynamoOutboxStore, dynamoSubscriptionStore } from './store.js';

export const subscriptionStore = () =>
  dynamoSubscriptionStore(dynamodb, config.tableName('subscriptions'), () => config.tableName('catalog'));
export const outboxStore = () => dynamoOutboxStore(dynamodb, config.tableName('dossiers'));
export const eventsQueue = () => sqsEventsQueue(new SQSClient({}), config.queueUrl('events'));
export const receiverPolicy = () => receiverPolicyFromEnv(process.env);
