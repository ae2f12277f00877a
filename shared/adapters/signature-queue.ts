// Hands a verified PDF result to the signatures queue, whose consumer checks its signatures. A send that fails fails
// the request: the officer confirms the upload again, which hands over any result still unchecked.
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { config } from '../config.js';

export type ToSignatureCheck = (dossierId: string, resultId: string) => Promise<void>;

export function sqsSignatureQueue(sqs = new SQSClient({}), queueUrl = () => config.queueUrl('signatures')) {
  const send: ToSignatureCheck = async (dossierId, resultId) => {
    await sqs.send(
      new SendMessageCommand({ QueueUrl: queueUrl(), MessageBody: JSON.stringify({ dossierId, resultId }) }),
    );
  };
  return send;
}
