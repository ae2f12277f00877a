// Wires the verification registry to the dossiers table the app definition grants.
import { dynamodb } from '../../shared/aws/clients.js';
import { config } from '../../shared/config.js';
import { dynamoVerificationRegistry } from '../../shared/signing/verify-registry.js';

export const verificationRegistry = () => dynamoVerificationRegistry(dynamodb, config.tableName('dossiers'));
